import { Badge, Group, Table, Text } from '@mantine/core';
import type { DatacenterStatus } from '../../../shared/datacenter/plan';
import { CopyIconButton } from '../../components/CopyIconButton';
import { HealthBadge } from '../components/HealthBadge';

type Container = DatacenterStatus['components'][number]['containers'][number];

const serviceColor: Record<Container['service'], string> = {
  active: 'teal',
  inactive: 'gray',
  failed: 'red',
  unknown: 'gray',
  none: 'gray',
};

function lxdColor(status: string): string {
  switch (status.toLowerCase()) {
    case 'running':
      return 'teal';
    case 'missing':
      return 'orange';
    case 'error':
      return 'red';
    case 'frozen':
      return 'blue';
    default:
      return 'gray';
  }
}

/** One row per container, grouped by component: LXD status, service state, health, addresses. */
export function ComponentStatusTable({ status }: { status: DatacenterStatus }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" data-testid="component-status">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Component</Table.Th>
            <Table.Th>Container</Table.Th>
            <Table.Th>LXD</Table.Th>
            <Table.Th>Service</Table.Th>
            <Table.Th>Health</Table.Th>
            <Table.Th>IPv4</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {status.components.map((component) => {
            const rows: Container[] = component.containers.length > 0 ? component.containers : [];
            if (rows.length === 0) {
              return (
                <Table.Tr
                  key={component.kind}
                  data-testid={`component-${component.kind}`}
                  data-health={component.health}
                >
                  <Table.Td>
                    <Text fw={600} size="sm">
                      {component.title}
                    </Text>
                  </Table.Td>
                  <Table.Td colSpan={3}>
                    <Text size="sm" c="dimmed">
                      Runs inside the other containers
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <HealthBadge health={component.health} />
                  </Table.Td>
                  <Table.Td />
                </Table.Tr>
              );
            }
            return rows.map((c, i) => (
              <Table.Tr
                key={`${component.kind}/${c.name}`}
                data-testid={i === 0 ? `component-${component.kind}` : undefined}
                data-health={component.health}
              >
                {i === 0 && (
                  <Table.Td rowSpan={rows.length} style={{ verticalAlign: 'top' }}>
                    <Text fw={600} size="sm">
                      {component.title}
                    </Text>
                  </Table.Td>
                )}
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {c.name}
                  </Text>
                  {c.location !== undefined && (
                    <Text size="xs" c="dimmed" data-testid={`location-${c.name}`}>
                      on member {c.location}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={lxdColor(c.status)} size="sm">
                    {c.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Badge variant="outline" color={serviceColor[c.service]} size="sm">
                    {c.service === 'none' ? 'no service' : c.service}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <HealthBadge health={c.health} size="sm" data-testid={`health-${c.name}`} />
                  {c.message !== undefined && (
                    <Text size="xs" c="dimmed" mt={4} maw={320}>
                      {c.message}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {c.ipv4.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  ) : (
                    c.ipv4.map((ip) => (
                      <Group key={ip} gap={2} wrap="nowrap">
                        <Text size="sm" ff="monospace">
                          {ip}
                        </Text>
                        <CopyIconButton value={ip} label={`Copy ${ip}`} />
                      </Group>
                    ))
                  )}
                </Table.Td>
              </Table.Tr>
            ));
          })}
          {(status.orphans ?? []).map((o) => (
            <Table.Tr key={`orphan/${o.container.name}`} data-testid={`orphan-${o.container.name}`} data-health={o.container.health}>
              <Table.Td>
                <Text fw={600} size="sm">
                  {o.title}
                </Text>
                <Text size="xs" c="orange">
                  Not in the settings
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {o.container.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={lxdColor(o.container.status)} size="sm">
                  {o.container.status}
                </Badge>
              </Table.Td>
              <Table.Td colSpan={3}>
                <Text size="xs" c="dimmed" maw={420}>
                  {o.container.message}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
