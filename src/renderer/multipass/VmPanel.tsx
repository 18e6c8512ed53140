import { Badge, Button, Group, Paper, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconBox, IconPlayerPlay, IconPlayerStop, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Endpoint } from '../../shared/endpoints';
import { queryKeys } from '../api/query-keys';
import { errorMessage } from '../lib/errors';
import { formatBytes } from '../lib/format';
import { useSetVmState, useVmForEndpoint, useVmInfo } from './api';
import { DeleteVmModal } from './DeleteVmModal';
import { vmStateColor } from './lib';

/** On an endpoint's card, when that endpoint is a VM BCM launched: its state, stop/start, delete. */
export function VmPanel({ endpoint }: { endpoint: Endpoint }) {
  const vm = useVmForEndpoint(endpoint.name);
  const record = endpoint.kind === 'https' ? (vm.data ?? undefined) : undefined;
  const info = useVmInfo(record?.name);
  const setState = useSetVmState(record?.name ?? '');
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  if (!record) return null;

  const state = info.data?.state;
  const act = (action: 'start' | 'stop') =>
    setState.mutate(action, { onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.endpointStatus(endpoint.name) }) });
  const mem = info.data?.memory;
  const facts = [
    `${record.cpus} vCPUs`,
    mem?.used != null && mem.total != null ? `${formatBytes(mem.used)} of ${formatBytes(mem.total)} memory` : `${record.memoryGiB} GiB memory`,
    `${record.diskGiB} GiB disk`,
    info.data?.release || `Ubuntu ${record.image === 'lts' ? 'LTS' : record.image}`,
  ];

  return (
    <Paper withBorder radius="md" p="sm" data-testid={`vm-panel-${record.name}`} aria-label={`Multipass VM ${record.name}`}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <ThemeIcon variant="light" color="grape" radius="md" size={32}>
            <IconBox size={18} stroke={1.6} />
          </ThemeIcon>
          <div style={{ minWidth: 0 }}>
            <Group gap={8} wrap="nowrap">
              <Text size="sm" fw={600}>
                Multipass VM {record.name}
              </Text>
              <Badge size="sm" variant="light" color={vmStateColor(state)} data-testid="vm-state">
                {state ?? (info.isError ? 'Unknown' : '…')}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed" truncate>
              {facts.join(' · ')}
            </Text>
            {info.isError && (
              <Text size="xs" c="red" lineClamp={2}>
                {errorMessage(info.error)}
              </Text>
            )}
            {setState.isError && (
              <Text size="xs" c="red" lineClamp={2}>
                {errorMessage(setState.error)}
              </Text>
            )}
          </div>
        </Group>
        <Group gap="xs">
          {state === 'Stopped' || state === 'Suspended' ? (
            <Button size="xs" variant="light" leftSection={<IconPlayerPlay size={14} />} loading={setState.isPending} onClick={() => act('start')}>
              Start VM
            </Button>
          ) : (
            <Tooltip label="Stops the VM: the endpoint is unreachable until it is started again">
              <Button size="xs" variant="default" leftSection={<IconPlayerStop size={14} />} loading={setState.isPending} disabled={state !== 'Running'} onClick={() => act('stop')}>
                Stop VM
              </Button>
            </Tooltip>
          )}
          <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeleting(true)}>
            Delete VM…
          </Button>
        </Group>
      </Group>
      <DeleteVmModal vm={record} opened={deleting} onClose={() => setDeleting(false)} />
    </Paper>
  );
}
