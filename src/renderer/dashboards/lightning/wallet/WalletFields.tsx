import { Alert, Button, Checkbox, Group, PasswordInput, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { MIN_WALLET_PASSWORD, passwordStrength } from '../../../../shared/services/lnd-wallet';

const STRENGTH_COLOR = ['red', 'orange', 'yellow', 'teal'] as const;

export interface PasswordPairValue {
  password: string;
  again: string;
}

/** The two password fields are fine: long enough and the same. */
export function passwordPairOk(v: PasswordPairValue): boolean {
  return v.password.length >= MIN_WALLET_PASSWORD && v.password === v.again;
}

/** The wallet password, twice, with a strength hint. */
export function PasswordPair({ value, onChange }: { value: PasswordPairValue; onChange: (v: PasswordPairValue) => void }) {
  const strength = passwordStrength(value.password);
  const mismatch = value.again.length > 0 && value.again !== value.password;
  return (
    <Stack gap={6}>
      <SimpleGrid cols={2} spacing="sm">
        <PasswordInput
          label="Wallet password"
          description="Unlocks the wallet after each restart of lnd."
          value={value.password}
          onChange={(e) => onChange({ ...value, password: e.currentTarget.value })}
          autoComplete="new-password"
          data-testid="wallet-password"
        />
        <PasswordInput
          label="The same password again"
          description="To be sure it is typed right."
          value={value.again}
          onChange={(e) => onChange({ ...value, again: e.currentTarget.value })}
          error={mismatch ? 'Not the same password' : undefined}
          autoComplete="new-password"
          data-testid="wallet-password-again"
        />
      </SimpleGrid>
      {value.password.length > 0 && (
        <Group gap="xs" wrap="nowrap">
          <Progress value={(strength.level + 1) * 25} color={STRENGTH_COLOR[strength.level]} w={120} size="sm" aria-label="Password strength" />
          <Text size="xs" c="dimmed" data-testid="password-strength">
            {strength.label}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

/** The optional aezeed passphrase: what it is and what forgetting it costs. */
export function SeedPassphraseField({ value, onChange, restore = false }: { value: string; onChange: (v: string) => void; restore?: boolean }) {
  return (
    <PasswordInput
      label="Seed passphrase (optional)"
      description={
        restore
          ? 'Only if one was set when the seed was made; leave empty otherwise.'
          : 'An extra secret mixed into the seed. With one, the 24 words alone cannot restore the wallet: you need both. Leave empty unless you want that.'
      }
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      autoComplete="off"
      data-testid="seed-passphrase"
    />
  );
}

/** The opt-in, with what it costs said plainly. */
export function AutoUnlockCheckbox({ checked, onChange }: { checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <Checkbox
      checked={checked}
      onChange={(e) => onChange(e.currentTarget.checked)}
      label="Unlock automatically when lnd restarts"
      description={<AutoUnlockCost />}
      data-testid="auto-unlock"
    />
  );
}

export function AutoUnlockCost() {
  return (
    <>
      BCM then stores the wallet password on this computer, in ~/.bcm/secrets (a file only your user can read, and inside every BCM backup), and unlocks lnd
      whenever it finds it locked while BCM runs. The cost: anyone who can read your files here, or open one of your backups, has the password, and with the
      datacenter can spend this node’s funds. Off, you type the password after each restart.
    </>
  );
}

/** The last step of create and restore: what happened, and Done. */
export function WalletDone({ title, testId, onDone, children }: { title: string; testId: string; onDone: () => void; children: ReactNode }) {
  return (
    <Stack>
      <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title={title} data-testid={testId}>
        {children}
      </Alert>
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}
