import { Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from 'wouter';
import { useDatacenters, useDatacentersSync } from '../api/use-datacenters';
import { ErrorAlert } from '../components/ErrorAlert';
import { dashboardsOf } from './DashboardFrame';

/** Every datacenter with links to its dashboards. */
export function DashboardsIndex() {
  useDatacentersSync();
  const list = useDatacenters();
  return (
    <Stack gap="lg" maw={1280} mx="auto">
      <div>
        <Title order={2}>Dashboards</Title>
        <Text c="dimmed" size="sm">
          Each datacenter’s Bitcoin node and Lightning nodes, read live through LXD.
        </Text>
      </div>
      {list.isPending && <Skeleton h={120} />}
      {list.isError && <ErrorAlert error={list.error} title="Could not list the datacenters" />}
      {list.data?.length === 0 && (
        <Card>
          <Text>No datacenter yet. Create one on the Datacenters page; its dashboards appear here once it is deployed.</Text>
        </Card>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {list.data?.map((spec) => (
          <Card key={spec.name} data-testid={`dashboards-${spec.name}`}>
            <Text fw={650}>{spec.name}</Text>
            <Text size="sm" c="dimmed" mb="sm">
              {spec.chain} · on {spec.endpoint}
            </Text>
            <Group gap="xs">
              {dashboardsOf(spec).map((b) => (
                <Button key={b.key} component={Link} href={b.path} variant="light" size="xs">
                  {b.label}
                </Button>
              ))}
            </Group>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
