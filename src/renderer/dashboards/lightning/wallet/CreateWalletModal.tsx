import { Alert, Button, Checkbox, Group, Modal, Stack, Stepper, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { confirmPositions } from '../../../../shared/services/lnd-wallet';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useGenSeed, useInitWallet } from '../../api';
import { ConfirmWords, SeedGrid, confirmed } from './SeedWords';
import { AutoUnlockCheckbox, PasswordPair, SeedPassphraseField, passwordPairOk, WalletDone, type PasswordPairValue } from './WalletFields';

const EMPTY = { password: '', again: '' };

/**
 * A new lnd wallet: password (and an optional seed passphrase) → lnd's 24 words, shown once →
 * three of them typed back → created. The words live only in this dialog and go when it closes.
 */
export function CreateWalletModal({ datacenter, opened, onClose }: { datacenter: string; opened: boolean; onClose: () => void }) {
  const [step, setStep] = useState(0);
  const [pair, setPair] = useState<PasswordPairValue>(EMPTY);
  const [passphrase, setPassphrase] = useState('');
  const [autoUnlock, setAutoUnlock] = useState(false);
  const [wroteDown, setWroteDown] = useState(false);
  const [positions, setPositions] = useState<number[]>([]);
  const [answers, setAnswers] = useState<string[]>([]);
  const seed = useGenSeed(datacenter);
  const init = useInitWallet(datacenter);
  const words = seed.data?.words ?? [];

  const close = () => {
    seed.reset();
    init.reset();
    setStep(0);
    setPair(EMPTY);
    setPassphrase('');
    setAutoUnlock(false);
    setWroteDown(false);
    setAnswers([]);
    onClose();
  };

  const makeSeed = () =>
    seed.mutate(passphrase, {
      onSuccess: () => {
        setPositions(confirmPositions(3, Math.random));
        setStep(1);
      },
    });
  const create = () =>
    init.mutate({ password: pair.password, words, seedPassphrase: passphrase, recoveryWindow: 0, useChannelBackup: false, autoUnlock }, { onSuccess: () => setStep(3) });

  return (
    <Modal opened={opened} onClose={close} title="Create the lnd wallet" size={820} closeOnClickOutside={false} data-testid="create-wallet">
      <Stepper active={step} size="sm" mb="lg" allowNextStepsSelect={false}>
        <Stepper.Step label="Password" />
        <Stepper.Step label="Write down the seed" />
        <Stepper.Step label="Confirm" />
        <Stepper.Completed>{null}</Stepper.Completed>
      </Stepper>
      {step === 0 && (
        <Stack>
          <PasswordPair value={pair} onChange={setPair} />
          <SeedPassphraseField value={passphrase} onChange={setPassphrase} />
          <AutoUnlockCheckbox checked={autoUnlock} onChange={setAutoUnlock} />
          {seed.error && <ErrorAlert error={seed.error} title="lnd could not make a seed" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button onClick={makeSeed} loading={seed.isPending} disabled={!passwordPairOk(pair)} data-testid="wallet-next">
              Make the seed
            </Button>
          </Group>
        </Stack>
      )}
      {step === 1 && (
        <Stack>
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="Write these 24 words down, in order, on paper">
            They are the only way to get this wallet’s funds back if the datacenter is lost. BCM shows them this once and keeps them nowhere. Anyone who sees them
            can take the funds: no photos, no cloud notes.
          </Alert>
          <SeedGrid words={words} />
          <Checkbox checked={wroteDown} onChange={(e) => setWroteDown(e.currentTarget.checked)} label="I wrote down all 24 words in order" data-testid="wrote-down" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button onClick={() => setStep(2)} disabled={!wroteDown} data-testid="wallet-next">
              Next
            </Button>
          </Group>
        </Stack>
      )}
      {step === 2 && (
        <Stack>
          <Text size="sm">Type these words from your written copy, to be sure it is right. The words are no longer on screen.</Text>
          <ConfirmWords positions={positions} answers={answers} onChange={setAnswers} words={words} />
          {init.error && <ErrorAlert error={init.error} title="lnd could not create the wallet" />}
          <Group justify="space-between">
            <Button variant="subtle" onClick={() => setStep(1)}>
              Show the words again
            </Button>
            <Button onClick={create} loading={init.isPending} disabled={!confirmed(positions, answers, words)} data-testid="wallet-create">
              Create the wallet
            </Button>
          </Group>
        </Stack>
      )}
      {step === 3 && (
        <WalletDone title="The wallet is created and unlocked" testId="wallet-created" onDone={close}>
          lnd now starts its Lightning node. {autoUnlock ? 'BCM unlocks it after a restart.' : 'After a restart of lnd, unlock it here with the password.'} Keep the
          24 words{passphrase ? ' and the seed passphrase' : ''} safe and apart from this computer.
        </WalletDone>
      )}
    </Modal>
  );
}
