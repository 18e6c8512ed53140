import { Alert, Button, Group, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useAutoUnlockOff, useWalletSetup } from '../../api';
import { AutoUnlockCost } from './WalletFields';

/** Auto-unlock is on: say so, what it costs, and offer to turn it off (the stored password is deleted). */
export function AutoUnlockNote({ datacenter }: { datacenter: string }) {
  const setup = useWalletSetup(datacenter, true);
  const off = useAutoUnlockOff(datacenter);
  if (!setup.data?.autoUnlock) return null;
  return (
    <Alert color="gray" variant="light" icon={<IconKey size={18} />} title="Auto-unlock is on" data-testid="auto-unlock-note">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Text size="sm">
          <AutoUnlockCost />
        </Text>
        <Button size="xs" variant="default" onClick={() => off.mutate()} loading={off.isPending} style={{ flexShrink: 0 }}>
          Turn off and forget the password
        </Button>
      </Group>
      {off.error && <ErrorAlert error={off.error} title="Could not turn auto-unlock off" mt="sm" />}
    </Alert>
  );
}
