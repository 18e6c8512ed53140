import { Button, Card, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { IconLockOpen } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useUnlock } from '../api';
import { AutoUnlockCheckbox } from './wallet/WalletFields';

/** A locked lnd wallet: the password, then unlock (the password goes to lnd; kept only if the owner opts into auto-unlock). */
export function UnlockCard({ datacenter }: { datacenter: string }) {
  const [password, setPassword] = useState('');
  const [autoUnlock, setAutoUnlock] = useState(false);
  const unlock = useUnlock(datacenter);
  return (
    <Card data-testid="unlock-card" withBorder style={{ borderColor: 'var(--mantine-color-yellow-6)' }}>
      <Text fw={650}>The wallet is locked</Text>
      <Text size="sm" c="dimmed" mb="sm">
        lnd keeps its keys encrypted until the wallet is unlocked; channels stay offline until then.
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          unlock.mutate({ password, autoUnlock }, { onSuccess: () => setPassword('') });
        }}
      >
        <Stack gap="sm">
          <Group align="flex-end">
            <PasswordInput label="Wallet password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} w={320} autoComplete="current-password" />
            <Button type="submit" leftSection={<IconLockOpen size={16} />} loading={unlock.isPending} disabled={password.length < 8}>
              Unlock
            </Button>
          </Group>
          <AutoUnlockCheckbox checked={autoUnlock} onChange={setAutoUnlock} />
        </Stack>
      </form>
      {unlock.error && <ErrorAlert error={unlock.error} title="Could not unlock" mt="sm" />}
    </Card>
  );
}
