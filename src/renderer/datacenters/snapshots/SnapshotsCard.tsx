import { Alert, Badge, Button, Card, Group, NumberInput, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconCamera, IconCheck, IconHistory, IconTrash } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { KEEP_MAX, type RestoreResult, type SnapshotInfo } from '../../../shared/channels/snapshots';
import { catalog, enabledComponents } from '../../../shared/datacenter/catalog';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatBytes, formatMoment, formatRelative } from '../../lib/format';
import { useDeleteSnapshot, useSetKeep, useSnapshots } from './api';
import { RestoreSnapshotModal } from './RestoreSnapshotModal';
import { TakeSnapshotModal } from './TakeSnapshotModal';

/** The datacenter's snapshots (issue 12): taken by hand or before an apply; restore or delete them. */
export function SnapshotsCard({ spec, busy }: { spec: DatacenterSpec; busy: boolean }) {
  const name = spec.name;
  const list = useSnapshots(name, true);
  const remove = useDeleteSnapshot(name);
  const [taking, setTaking] = useState(false);
  const [restoring, setRestoring] = useState<SnapshotInfo | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [restored, setRestored] = useState<RestoreResult | null>(null);
  // an apply may have taken one (or pruned some): read the list again when a run ends
  const wasBusy = useRef(busy);
  const { refetch } = list;
  useEffect(() => {
    if (wasBusy.current && !busy) void refetch();
    wasBusy.current = busy;
  }, [busy, refetch]);
  const data = list.data;
  return (
    <Card component="section" aria-label="Snapshots" mt="lg">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Text fw={650}>Snapshots</Text>
            <Text size="xs" c="dimmed">
              Containers and data volumes as they were; BCM takes one before every apply that changes a running component
            </Text>
          </div>
          <Button size="xs" variant="light" leftSection={<IconCamera size={14} />} disabled={busy} onClick={() => setTaking(true)}>
            Take snapshot
          </Button>
        </Group>
        {restored !== null && (
          <Alert color={restored.healthy ? 'teal' : 'orange'} variant="light" icon={<IconCheck size={18} />} title={`Restored ${restored.snapshot}`} withCloseButton onClose={() => setRestored(null)} data-testid="restore-done">
            <Text size="sm">{restored.message}</Text>
          </Alert>
        )}
        {list.isPending && <Skeleton h={60} />}
        {list.isError && <ErrorAlert error={list.error} title="Could not list the snapshots" />}
        {data !== undefined && data.snapshots.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="no-snapshots">
            No snapshots yet.
          </Text>
        )}
        {data !== undefined && data.snapshots.length > 0 && (
          <Table verticalSpacing={6} aria-label="Snapshots of this datacenter" data-testid="snapshot-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Taken</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Components</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.snapshots.map((s) => (
                <Table.Tr key={s.name} data-snapshot={s.name}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">{formatMoment(s.createdAt)}</Text>
                    <Text size="xs" c="dimmed">
                      {formatRelative(s.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap" align="flex-start">
                      {s.automatic && (
                        <Badge size="xs" variant="light" color="gray" style={{ flexShrink: 0 }}>
                          auto
                        </Badge>
                      )}
                      <Text size="sm" lineClamp={2} title={s.reason}>
                        {s.reason}
                      </Text>
                    </Group>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {s.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{s.components.map((c) => catalog[c].title).join(', ')}</Text>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {s.sizeBytes !== null ? (
                      <Text size="sm">{formatBytes(s.sizeBytes)}</Text>
                    ) : (
                      <Tooltip label={data.sizeNote ?? 'size unknown'} multiline w={240}>
                        <Text size="sm" c="dimmed">
                          unknown
                        </Text>
                      </Tooltip>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {deleting === s.name ? (
                      <Group gap={6} justify="flex-end" wrap="nowrap">
                        <Button size="compact-xs" variant="default" onClick={() => setDeleting(null)}>
                          Keep
                        </Button>
                        <Button size="compact-xs" color="red" loading={remove.isPending} onClick={() => remove.mutate(s.name, { onSettled: () => setDeleting(null) })}>
                          Delete it
                        </Button>
                      </Group>
                    ) : (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button size="compact-xs" variant="light" color="orange" leftSection={<IconHistory size={14} />} disabled={busy} onClick={() => setRestoring(s)}>
                          Restore
                        </Button>
                        <Tooltip label="Delete this snapshot">
                          <Button size="compact-xs" variant="subtle" color="red" aria-label={`Delete ${s.name}`} disabled={busy} onClick={() => setDeleting(s.name)}>
                            <IconTrash size={14} />
                          </Button>
                        </Tooltip>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {data?.leftOut.map((l) => (
          <Alert key={l.component} color="yellow" variant="light" title={`${l.title}: chain data not in snapshots`} data-testid={`snapshots-left-out-${l.component}`}>
            <Text size="sm">Snapshots of {l.title} keep its container but not its data: {l.reason}.</Text>
          </Alert>
        ))}
        {remove.isError && <ErrorAlert error={remove.error} title="Could not delete the snapshot" />}
        {data !== undefined && <KeepSetting key={data.keep} name={name} keep={data.keep} note={data.snapshots.length > 0 ? data.sizeNote : undefined} />}
      </Stack>
      <TakeSnapshotModal name={name} components={enabledComponents(spec)} opened={taking} onClose={() => setTaking(false)} />
      <RestoreSnapshotModal name={name} snapshot={restoring} onClose={() => setRestoring(null)} onRestored={setRestored} />
    </Card>
  );
}

/** "Keep the newest [3]" (an app setting, for every datacenter), and why sizes are unknown. */
function KeepSetting({ name, keep, note }: { name: string; keep: number; note: string | undefined }) {
  const setKeep = useSetKeep(name);
  const [value, setValue] = useState<number | string>(keep);
  const save = () => {
    const n = typeof value === 'number' ? value : Number(value);
    if (Number.isInteger(n) && n >= 1 && n <= KEEP_MAX && n !== keep) setKeep.mutate(n);
  };
  return (
    <Group justify="space-between" gap="xs" wrap="wrap">
      <Group gap={6} wrap="nowrap">
        <Text size="xs" c="dimmed">
          Keep the newest
        </Text>
        <NumberInput size="xs" w={64} min={1} max={KEEP_MAX} value={value} onChange={setValue} onBlur={save} onKeyDown={(e) => e.key === 'Enter' && save()} aria-label="Snapshots to keep" />
        <Text size="xs" c="dimmed">
          per datacenter; older ones are deleted after each new one
        </Text>
      </Group>
      {note !== undefined && (
        <Text size="xs" c="dimmed">
          {note.charAt(0).toUpperCase()}
          {note.slice(1)}
        </Text>
      )}
      {setKeep.isError && <ErrorAlert error={setKeep.error} title="Could not save the setting" />}
    </Group>
  );
}
