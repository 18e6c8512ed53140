import { Button, Card, Group, Text } from '@mantine/core';
import { IconRestore, IconWallet } from '@tabler/icons-react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useWalletSetup } from '../../api';

/**
 * lnd waits for its wallet: create a new one (a seed to write down) or restore one from its seed.
 * The dialogs live with the dashboard, not here: this card goes as soon as the wallet exists.
 */
export function WalletSetupCard({ datacenter, onOpen }: { datacenter: string; onOpen: (dialog: 'create' | 'restore') => void }) {
  const setup = useWalletSetup(datacenter, true);
  const managed = setup.data && !setup.data.canCreate;
  return (
    <Card data-testid="wallet-setup-card" withBorder style={{ borderColor: 'var(--mantine-color-yellow-6)' }}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <div>
          <Text fw={650}>lnd has no wallet yet</Text>
          <Text size="sm" c="dimmed" maw={640}>
            {managed
              ? 'lnd makes this wallet itself; wait for it to start.'
              : 'Create a new wallet (you write down its 24-word seed) or restore one you have from its seed. The Lightning node starts once the wallet exists.'}
          </Text>
        </div>
        {!managed && (
          <Group gap="sm">
            <Button leftSection={<IconWallet size={16} />} onClick={() => onOpen('create')} data-testid="wallet-create-open">
              Create wallet
            </Button>
            <Button variant="default" leftSection={<IconRestore size={16} />} onClick={() => onOpen('restore')} data-testid="wallet-restore-open">
              Restore wallet
            </Button>
          </Group>
        )}
      </Group>
      {setup.error && <ErrorAlert error={setup.error} title="Could not ask lnd about its wallet" mt="sm" />}
    </Card>
  );
}
