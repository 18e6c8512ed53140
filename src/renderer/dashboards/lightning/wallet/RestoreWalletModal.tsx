import { Button, Checkbox, Group, Modal, NumberInput, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { DEFAULT_RECOVERY_WINDOW, mnemonicProblem, splitMnemonic } from '../../../../shared/services/lnd-wallet';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useInitWallet, useWalletSetup } from '../../api';
import { AutoUnlockCheckbox, PasswordPair, SeedPassphraseField, passwordPairOk, WalletDone, type PasswordPairValue } from './WalletFields';

/**
 * lnd's wallet from an existing seed: the 24 words (pasted or typed, checked against aezeed's word
 * list as they come), the seed passphrase if any, a new wallet password, how far to look for funds,
 * and the channel backup of a restored BCM backup when there is one.
 */
export function RestoreWalletModal({ datacenter, opened, onClose }: { datacenter: string; opened: boolean; onClose: () => void }) {
  const setup = useWalletSetup(datacenter, opened).data;
  const [text, setText] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [pair, setPair] = useState<PasswordPairValue>({ password: '', again: '' });
  const [window, setWindow] = useState<number>(DEFAULT_RECOVERY_WINDOW);
  const [useBackup, setUseBackup] = useState(true);
  const [autoUnlock, setAutoUnlock] = useState(false);
  const init = useInitWallet(datacenter);
  const words = splitMnemonic(text);
  const problem = text.trim() ? mnemonicProblem(words) : null;
  const backup = setup?.channelBackup ?? null;

  const close = () => {
    init.reset();
    setText('');
    setPassphrase('');
    setPair({ password: '', again: '' });
    onClose();
  };
  const restore = () =>
    init.mutate({ password: pair.password, words, seedPassphrase: passphrase, recoveryWindow: window, useChannelBackup: backup !== null && useBackup, autoUnlock });

  return (
    <Modal opened={opened} onClose={close} title="Restore the lnd wallet from its seed" size={760} closeOnClickOutside={false} data-testid="restore-wallet">
      {init.isSuccess ? (
        <WalletDone title="The wallet is restored and unlocked" testId="wallet-restored" onDone={close}>
          lnd now scans the chain for the wallet’s funds; the balance grows as it finds them.
          {init.data.channelBackup ? ' It also asks the channel peers to close the channels of the backup: those funds return on chain after their timelock.' : ''}
        </WalletDone>
      ) : (
        <Stack>
          <Textarea
            label="The 24 words"
            description="Paste or type them in order, separated by spaces or new lines."
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            autosize
            minRows={3}
            maxRows={5}
            autoComplete="off"
            spellCheck={false}
            error={problem}
            data-testid="restore-words"
          />
          {!problem && words.length === 24 && (
            <Text size="xs" c="teal" mt={-8}>
              24 seed words.
            </Text>
          )}
          <SeedPassphraseField value={passphrase} onChange={setPassphrase} restore />
          <PasswordPair value={pair} onChange={setPair} />
          <NumberInput
            label="Recovery window"
            description="How many unused addresses lnd looks ahead for funds. The default suits most wallets; raise it if funds are missing after the scan."
            value={window}
            onChange={(v) => setWindow(typeof v === 'number' ? v : DEFAULT_RECOVERY_WINDOW)}
            min={1}
            max={100_000}
            w={460}
          />
          {backup && (
            <Checkbox
              checked={useBackup}
              onChange={(e) => setUseBackup(e.currentTarget.checked)}
              label="Recover channel funds with the channel backup from the restored BCM backup"
              description={`${backup.path}${backup.restoredAt ? `, restored ${new Date(backup.restoredAt).toLocaleString()}` : ''}. lnd asks each peer to force-close; use it only if this node lost its data.`}
            />
          )}
          <AutoUnlockCheckbox checked={autoUnlock} onChange={setAutoUnlock} />
          {init.error && <ErrorAlert error={init.error} title="lnd could not restore the wallet" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button onClick={restore} loading={init.isPending} disabled={words.length !== 24 || problem !== null || !passwordPairOk(pair)} data-testid="wallet-restore">
              Restore the wallet
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
