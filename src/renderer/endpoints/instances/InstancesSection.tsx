import { Badge, Button, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconBox } from '@tabler/icons-react';
import { useState } from 'react';
import type { Instance } from '../../../shared/instances';
import type { useInstances } from '../../api/use-instances';
import { ErrorAlert } from '../../components/ErrorAlert';
import { instanceKey } from '../../lib/instances';
import { DeleteInstanceModal } from './DeleteInstanceModal';
import { InstanceRow } from './InstanceRow';
import { StreamBadge } from './StreamBadge';

export function InstancesSection({
  endpoint,
  instances,
}: {
  endpoint: string;
  instances: ReturnType<typeof useInstances>;
}) {
  const { query, stream } = instances;
  const [deleting, setDeleting] = useState<Instance | null>(null);

  return (
    <Stack gap="sm" data-testid={`instances-${endpoint}`}>
      <Group justify="space-between">
        <Group gap="xs">
          <Title order={4} fz="md">
            Instances
          </Title>
          {query.data && (
            <Badge variant="default" size="sm" radius="xl">
              {query.data.length}
            </Badge>
          )}
        </Group>
        <StreamBadge stream={stream} />
      </Group>

      {query.isPending && (
        <Stack gap={6}>
          <Skeleton h={34} />
          <Skeleton h={34} />
        </Stack>
      )}

      {query.isError && (
        <ErrorAlert error={query.error} title="Could not list the instances">
          <Group mt="sm">
            <Button
              size="xs"
              variant="light"
              color="red"
              onClick={() => void query.refetch()}
              loading={query.isFetching}
            >
              Try again
            </Button>
          </Group>
        </ErrorAlert>
      )}

      {query.data && query.data.length === 0 && (
        <Group gap="sm" py="md" px="sm" c="dimmed" wrap="nowrap">
          <IconBox size={22} stroke={1.4} />
          <Text size="sm" c="dimmed">
            No instances on this server yet. Containers appear here as soon as they are created — BCM deploys its own
            when you set up a datacenter.
          </Text>
        </Group>
      )}

      {query.data && query.data.length > 0 && (
        <Table.ScrollContainer minWidth={860}>
          <Table
            verticalSpacing="xs"
            highlightOnHover
            aria-label={`Instances on ${endpoint}`}
            style={{ whiteSpace: 'nowrap' }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>IPv4</Table.Th>
                <Table.Th>Memory</Table.Th>
                <Table.Th>Project</Table.Th>
                <Table.Th ta="right">Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.map((instance) => (
                <InstanceRow
                  key={instanceKey(instance)}
                  endpoint={endpoint}
                  instance={instance}
                  onDelete={() => setDeleting(instance)}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <DeleteInstanceModal endpoint={endpoint} instance={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}
