import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconCamera } from '@tabler/icons-react';
import { useState } from 'react';
import { catalog } from '../../../shared/datacenter/catalog';
import type { ComponentKind } from '../../../shared/datacenter/spec';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useTakeSnapshot } from './api';

const ALL = 'all';

/** Take a snapshot by hand: why (shown in the list), and of what (the whole datacenter or one component). */
export function TakeSnapshotModal({ name, components, opened, onClose }: { name: string; components: ComponentKind[]; opened: boolean; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const [what, setWhat] = useState<string>(ALL);
  const take = useTakeSnapshot(name);
  const close = () => {
    setReason('');
    setWhat(ALL);
    take.reset();
    onClose();
  };
  const submit = () => {
    if (!reason.trim()) return;
    take.mutate({ reason: reason.trim(), ...(what === ALL ? {} : { components: [what as ComponentKind] }) }, { onSuccess: close });
  };
  return (
    <Modal opened={opened} onClose={close} title={`Take a snapshot of ${name}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            LXD snapshots of the containers and their data volumes. Each running container is paused for the moment
            it is copied, so its files and its data are saved as of one instant.
          </Text>
          <TextInput
            label="Reason"
            description="Shown in the list, and part of the snapshot's name"
            placeholder="Before trying a new lnd setting"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={200}
            required
            data-autofocus
          />
          <Select
            label="Of"
            data={[{ value: ALL, label: 'The whole datacenter' }, ...components.map((c) => ({ value: c, label: catalog[c].title }))]}
            value={what}
            onChange={(v) => setWhat(v ?? ALL)}
            allowDeselect={false}
          />
          {take.isPending && (
            <Text size="sm" c="dimmed">
              Copying each container and its data volumes; a few seconds per container…
            </Text>
          )}
          {take.isError && <ErrorAlert error={take.error} title="Could not take the snapshot" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" leftSection={<IconCamera size={16} />} loading={take.isPending} disabled={!reason.trim()}>
              Take snapshot
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
