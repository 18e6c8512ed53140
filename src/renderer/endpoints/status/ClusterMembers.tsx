import { Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconLogout } from '@tabler/icons-react';
import { useState } from 'react';
import type { ClusterMemberStatus } from '../../../shared/endpoints';
import { useMemberState } from '../../api/use-endpoint-mutations';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatBytes } from '../../lib/format';

const statusColor: Record<string, string> = { Online: 'teal', Evacuated: 'yellow', Offline: 'red', Blocked: 'orange' };

function free(total: number, used: number): string {
  return `${formatBytes(Math.max(0, total - used))} free of ${formatBytes(total)}`;
}

/**
 * The members of a clustered endpoint (issue 14): LXD's status and message, roles, what each has
 * free, its instances; evacuate (LXD stops or moves what runs there and places nothing new on it)
 * and restore, each confirmed first.
 */
export function ClusterMembers({ endpoint, members }: { endpoint: string; members: ClusterMemberStatus[] }) {
  const [asked, setAsked] = useState<{ member: string; action: 'evacuate' | 'restore' } | null>(null);
  const change = useMemberState();
  const confirm = () => {
    if (!asked) return;
    change.mutate(
      { name: endpoint, ...asked },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', title: asked.action === 'evacuate' ? 'Member evacuated' : 'Member restored', message: `${asked.member} is ${asked.action === 'evacuate' ? 'evacuated' : 'back in service'}.` });
          setAsked(null);
        },
      },
    );
  };
  return (
    <Stack gap="xs" data-testid="cluster-members">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.05em' }}>
        Cluster members
      </Text>
      <Table striped withTableBorder verticalSpacing={6} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Member</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Roles</Table.Th>
            <Table.Th>CPU</Table.Th>
            <Table.Th>Memory</Table.Th>
            <Table.Th>Disk</Table.Th>
            <Table.Th>Instances</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((m) => (
            <Table.Tr key={m.name} data-testid={`member-${m.name}`}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {m.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {m.url.replace(/^https:\/\//, '')}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge color={statusColor[m.status] ?? 'gray'} variant="light">
                  {m.status}
                </Badge>
                {m.message && m.status !== 'Online' && (
                  <Text size="xs" c="dimmed">
                    {m.message}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{m.roles.join(', ') || '—'}</Table.Td>
              <Table.Td>{m.resources ? `${m.resources.cpu.threads} threads` : '—'}</Table.Td>
              <Table.Td>{m.resources ? free(m.resources.memory.total, m.resources.memory.used) : '—'}</Table.Td>
              <Table.Td>{m.resources ? free(m.resources.disk.total, m.resources.disk.used) : '—'}</Table.Td>
              <Table.Td>{m.instances}</Table.Td>
              <Table.Td>
                {m.status === 'Evacuated' ? (
                  <Button size="compact-xs" variant="light" leftSection={<IconArrowBackUp size={14} />} onClick={() => setAsked({ member: m.name, action: 'restore' })}>
                    Restore
                  </Button>
                ) : (
                  <Button size="compact-xs" variant="subtle" color="orange" disabled={m.status !== 'Online'} leftSection={<IconLogout size={14} />} onClick={() => setAsked({ member: m.name, action: 'evacuate' })}>
                    Evacuate
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={asked !== null} onClose={() => setAsked(null)} title={<Text fw={600}>{asked?.action === 'evacuate' ? `Evacuate ${asked.member}?` : `Restore ${asked?.member}?`}</Text>}>
        <Stack gap="md">
          <Text size="sm">
            {asked?.action === 'evacuate'
              ? `LXD stops the instances on ${asked.member} (or moves those it can) and places nothing new there, until you restore it. Datacenter components on it stop: their pages say so.`
              : `LXD starts again what it stopped on ${asked?.member ?? ''} and places new instances there again.`}
          </Text>
          {change.isError && <ErrorAlert error={change.error} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setAsked(null)} data-autofocus>
              Cancel
            </Button>
            <Button color={asked?.action === 'evacuate' ? 'orange' : 'teal'} onClick={confirm} loading={change.isPending}>
              {asked?.action === 'evacuate' ? 'Evacuate' : 'Restore'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
