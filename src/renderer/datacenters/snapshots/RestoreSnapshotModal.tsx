import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import type { RestoreResult, SnapshotInfo } from '../../../shared/channels/snapshots';
import { catalog } from '../../../shared/datacenter/catalog';
import type { ComponentKind } from '../../../shared/datacenter/spec';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatMoment, formatRelative } from '../../lib/format';
import { useRestoreSnapshot } from './api';

const ALL = 'all';

/** Restore: the whole snapshot or one of its components, after saying what will be lost. */
export function RestoreSnapshotModal({ name, snapshot, onClose, onRestored }: { name: string; snapshot: SnapshotInfo | null; onClose: () => void; onRestored: (r: RestoreResult) => void }) {
  const [what, setWhat] = useState<string>(ALL);
  const restore = useRestoreSnapshot(name);
  const close = () => {
    setWhat(ALL);
    restore.reset();
    onClose();
  };
  if (!snapshot) return null;
  const chosen: ComponentKind[] = what === ALL ? snapshot.components : [what as ComponentKind];
  const titles = chosen.map((c) => catalog[c].title).join(', ');
  const where = what === ALL ? snapshot.containers.join(', ') : `the ${titles} containers`;
  const lightning = chosen.some((c) => c === 'lnd' || c === 'clightning');
  return (
    <Modal opened onClose={close} title={`Restore ${snapshot.name}`} size="lg">
      <Stack gap="md">
        {snapshot.components.length > 1 && (
          <Select
            label="Restore"
            data={[{ value: ALL, label: `Everything in the snapshot (${snapshot.components.map((c) => catalog[c].title).join(', ')})` }, ...snapshot.components.map((c) => ({ value: c, label: `${catalog[c].title} only` }))]}
            value={what}
            onChange={(v) => setWhat(v ?? ALL)}
            allowDeselect={false}
          />
        )}
        <Alert color="orange" variant="light" icon={<IconHistory size={18} />} title="Changes since then will be lost" data-testid="restore-warning">
          <Text size="sm">
            {titles} will be stopped and put back as {chosen.length > 1 ? 'they were' : 'it was'} on {formatMoment(snapshot.createdAt)} ({formatRelative(snapshot.createdAt)}).
            Everything written in {where} and {chosen.length > 1 ? 'their' : 'its'} data volumes since then is discarded (blocks, wallets, settings), then the containers start again.
          </Text>
          {lightning && (
            <Text size="sm" mt="xs" fw={500}>
              A Lightning node put back to an older channel state can lose the funds of channels that moved since: restore it only if no channel changed.
            </Text>
          )}
        </Alert>
        {restore.isPending && (
          <Text size="sm" c="dimmed" data-testid="restore-pending">
            Stopping {titles}, putting the snapshot back and starting {chosen.length > 1 ? 'them' : 'it'} again, then waiting until {chosen.length > 1 ? 'they answer their' : 'it answers its'} health check (up to 3 min)…
          </Text>
        )}
        {restore.isError && <ErrorAlert error={restore.error} title="Could not restore the snapshot" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            color="orange"
            leftSection={<IconHistory size={16} />}
            loading={restore.isPending}
            onClick={() =>
              restore.mutate(
                { snapshot: snapshot.name, ...(what === ALL ? {} : { component: what as ComponentKind }) },
                {
                  onSuccess: (r) => {
                    onRestored(r);
                    close();
                  },
                },
              )
            }
          >
            Restore {what === ALL ? 'snapshot' : catalog[what as ComponentKind].title}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
