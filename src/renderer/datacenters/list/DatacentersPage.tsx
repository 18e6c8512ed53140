import { Button, Card, EmptyState, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconPlus, IconStack2 } from '@tabler/icons-react';
import { Link } from 'wouter';
import { useDatacenterStatuses, useDatacenters, useDatacentersSync } from '../../api/use-datacenters';
import { ErrorAlert } from '../../components/ErrorAlert';
import { paths } from '../paths';
import { DatacenterCard } from './DatacenterCard';
import { startNewDatacenter } from '../wizard/wizard-store';

export function DatacentersPage() {
  useDatacentersSync();
  const datacenters = useDatacenters();
  const list = datacenters.data ?? [];
  const statuses = useDatacenterStatuses(list.map((s) => s.name));

  return (
    <Stack gap="lg" maw={1200} mx="auto">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={2}>Datacenters</Title>
          <Text c="dimmed" size="sm" mt={4}>
            Your Bitcoin stacks: a full node, Lightning, Kafka and logging, each in its own LXD project.
          </Text>
        </div>
        {list.length > 0 && (
          <Button component={Link} href={paths.create} onClick={startNewDatacenter} leftSection={<IconPlus size={16} />}>
            New datacenter
          </Button>
        )}
      </Group>

      {datacenters.isPending && (
        <Stack gap="md">
          <Skeleton h={120} radius="md" />
          <Skeleton h={120} radius="md" />
        </Stack>
      )}
      {datacenters.isError && (
        <ErrorAlert error={datacenters.error} title="Could not load your datacenters">
          <Group mt="sm">
            <Button size="xs" variant="light" color="red" onClick={() => void datacenters.refetch()}>
              Try again
            </Button>
          </Group>
        </ErrorAlert>
      )}

      {datacenters.isSuccess && list.length === 0 && (
        <Card padding="xl">
          <EmptyState
            icon={<IconStack2 size={30} stroke={1.5} />}
            variant="light"
            size="lg"
            title="No datacenter yet"
            description="A datacenter is a Bitcoin node with the services around it, deployed into LXD containers. The wizard walks you through it and shows the plan before anything is created."
            maw={600}
            mx="auto"
          >
            <Button component={Link} href={paths.create} onClick={startNewDatacenter} size="md" leftSection={<IconPlus size={18} />} mt="lg">
              New datacenter
            </Button>
          </EmptyState>
        </Card>
      )}

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {list.map((spec, i) => {
          const status = statuses[i];
          return status === undefined ? null : <DatacenterCard key={spec.name} spec={spec} status={status} />;
        })}
      </SimpleGrid>
    </Stack>
  );
}
