import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import type { Endpoint } from '../../shared/endpoints';
import { useRemoveEndpoint } from '../api/use-endpoint-mutations';
import { ErrorAlert } from '../components/ErrorAlert';

/** Confirms forgetting an endpoint. Nothing on the server is touched; the text says so. */
export function RemoveEndpointModal({ endpoint, onClose }: { endpoint: Endpoint | null; onClose: () => void }) {
  const remove = useRemoveEndpoint();
  const { reset } = remove;
  const name = endpoint?.name;

  useEffect(() => {
    reset();
  }, [name, reset]);

  const confirm = () => {
    if (!endpoint) return;
    remove.mutate(endpoint.name, {
      onSuccess: () => {
        notifications.show({ color: 'teal', title: 'Endpoint removed', message: `BCM forgot “${endpoint.name}”.` });
        onClose();
      },
    });
  };

  return (
    <Modal
      opened={endpoint !== null}
      onClose={onClose}
      title={<Text fw={600}>Remove endpoint “{name}”?</Text>}
      size="md"
    >
      <Stack gap="md">
        <Text size="sm">
          BCM will forget this endpoint: its address{endpoint?.kind !== 'unix' ? ', pinned certificate' : ''} and
          settings in ~/.bcm.
        </Text>
        <List size="sm" spacing={4} c="dimmed">
          <List.Item>Nothing on the server changes: its instances keep running.</List.Item>
          {endpoint?.kind !== 'unix' && (
            <List.Item>
              This computer’s certificate stays trusted there. To revoke it, run{' '}
              <Text span ff="monospace" size="xs">
                lxc config trust list
              </Text>{' '}
              and{' '}
              <Text span ff="monospace" size="xs">
                lxc config trust remove
              </Text>{' '}
              on the server.
            </List.Item>
          )}
          <List.Item>You can add it again at any time.</List.Item>
        </List>
        {remove.isError && <ErrorAlert error={remove.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending}>
            Remove endpoint
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
