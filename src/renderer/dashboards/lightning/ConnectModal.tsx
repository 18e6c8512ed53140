import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { CopyIconButton } from '../../components/CopyIconButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useConnectInfo } from '../api';

/**
 * The lndconnect URI for a mobile wallet. It carries the admin macaroon, so it is fetched from
 * main only when the user asks here, and never kept.
 */
export function ConnectModal({ datacenter, opened, onClose }: { datacenter: string; opened: boolean; onClose: () => void }) {
  const connect = useConnectInfo();
  const close = () => {
    connect.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Connect a wallet (lndconnect)" size="lg">
      <Stack>
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
          The URI holds lnd’s admin macaroon: whoever has it can spend this node’s funds. Paste it only into a wallet you trust.
        </Alert>
        {!connect.data ? (
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button onClick={() => connect.mutate(datacenter)} loading={connect.isPending}>
              Show the URI
            </Button>
          </Group>
        ) : (
          <>
            <Group gap={4} wrap="nowrap" align="flex-start">
              <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', flex: 1, maxHeight: 180, overflow: 'auto' }} data-testid="lndconnect-uri">
                {connect.data.uri}
              </Code>
              <CopyIconButton value={connect.data.uri} label="Copy lndconnect URI" />
            </Group>
            <Text size="sm" c="dimmed">
              {connect.data.note}
            </Text>
            <Group justify="flex-end">
              <Button onClick={close}>Done</Button>
            </Group>
          </>
        )}
        {connect.error && <ErrorAlert error={connect.error} title="Could not make the URI" />}
      </Stack>
    </Modal>
  );
}
