import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { Instance } from '../../../shared/instances';
import { useDeleteInstance } from '../../api/use-instances';
import { ErrorAlert } from '../../components/ErrorAlert';

/** Deleting is permanent: the user types the instance's name to confirm. */
export function DeleteInstanceModal({
  endpoint,
  instance,
  onClose,
}: {
  endpoint: string;
  instance: Instance | null;
  onClose: () => void;
}) {
  return (
    <Modal opened={instance !== null} onClose={onClose} title={<Text fw={600}>Delete {instance?.name}?</Text>}>
      {instance !== null && (
        <DeleteForm
          key={`${instance.project}/${instance.name}`}
          endpoint={endpoint}
          instance={instance}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

function DeleteForm({ endpoint, instance, onClose }: { endpoint: string; instance: Instance; onClose: () => void }) {
  const [typed, setTyped] = useState('');
  const remove = useDeleteInstance(endpoint);
  const running = instance.status.toLowerCase() !== 'stopped';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed !== instance.name || remove.isPending) return;
    remove.mutate(
      { project: instance.project, name: instance.name },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${instance.name} was deleted.` });
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <Text size="sm">
          This deletes the instance <b>{instance.name}</b> and its root disk on <b>{endpoint}</b>
          {instance.project !== 'default' ? ` (project ${instance.project})` : ''}.
          {running ? ' It is running, so it is stopped first.' : ''} This cannot be undone.
        </Text>
        <TextInput
          label={
            <>
              Type{' '}
              <Text span ff="monospace" fw={700}>
                {instance.name}
              </Text>{' '}
              to confirm
            </>
          }
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          autoComplete="off"
          spellCheck={false}
          data-autofocus
        />
        {remove.isError && <ErrorAlert error={remove.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="red" disabled={typed !== instance.name} loading={remove.isPending}>
            Delete instance
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
