import { Badge, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { Instance } from '../../../shared/instances';
import { formatBytes } from '../../lib/format';
import { instanceStatusColor } from '../../lib/status';
import { InstanceActions } from './InstanceActions';

export function InstanceRow({
  endpoint,
  instance,
  onDelete,
}: {
  endpoint: string;
  instance: Instance;
  onDelete: () => void;
}) {
  return (
    <Table.Tr data-testid={`instance-${instance.name}`} data-status={instance.status}>
      <Table.Td>
        <Group gap={8} wrap="nowrap">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm" fw={600}>
              {instance.name}
            </Text>
            {(instance.description || instance.image) && (
              <Text size="xs" c="dimmed" truncate maw={260}>
                {instance.description || instance.image}
              </Text>
            )}
          </Stack>
          {instance.managedByBcm && (
            <Tooltip label="Created and managed by BCM">
              <Badge size="xs" variant="filled" color="bitcoin">
                BCM
              </Badge>
            </Tooltip>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Badge
          variant="light"
          color={instanceStatusColor(instance.status)}
          data-testid="instance-status"
          styles={{ root: { minWidth: 'max-content' } }}
        >
          {instance.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{instance.type === 'container' ? 'Container' : 'VM'}</Text>
      </Table.Td>
      <Table.Td>
        {instance.ipv4.length === 0 ? (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ) : (
          <Stack gap={0}>
            {instance.ipv4.map((ip) => (
              <Text key={ip} size="sm" ff="monospace">
                {ip}
              </Text>
            ))}
          </Stack>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={instance.memoryBytes === undefined ? 'dimmed' : undefined}>
          {instance.memoryBytes === undefined ? '—' : formatBytes(instance.memoryBytes)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {instance.project}
        </Text>
      </Table.Td>
      <Table.Td>
        <InstanceActions endpoint={endpoint} instance={instance} onDelete={onDelete} />
      </Table.Td>
    </Table.Tr>
  );
}
