import { Button, Group, Select, Table, Text } from '@mantine/core';
import { IconRestore } from '@tabler/icons-react';
import { containersOf } from '../../../../shared/datacenter/catalog';
import { placeContainers } from '../../../../shared/datacenter/placement';
import type { ClusterMemberStatus } from '../../../../shared/endpoints';
import { formatBytes } from '../../../lib/format';
import { ContainerCell } from '../../components/ContainerCell';
import type { SectionProps } from './types';

const AUTOMATIC = '';

/** Placing one container: automatic (the member is previewed) or a chosen member. */
function choose(spec: SectionProps['spec'], container: string, member: string): SectionProps['spec'] {
  const { [container]: _drop, ...rest } = spec.placement;
  return { ...spec, placement: member === AUTOMATIC ? rest : { ...rest, [container]: member } };
}

/**
 * Advanced, on a cluster endpoint (issue 14): the member each container runs on. Automatic places by
 * free resources (the same rule as the planner, previewed here from the members' status); a choice
 * pins it. The review's plan says the final placement.
 */
export function PlacementSection({ spec, edit, members }: SectionProps & { members: ClusterMemberStatus[] }) {
  const containers = containersOf(spec);
  const preview = placeContainers({
    containers: containers.map((c) => ({ name: c.name, component: c.component, size: c.size })),
    members: members.map((m) => ({
      name: m.name,
      status: m.status,
      instances: m.instances,
      ...(m.resources ? { memoryFree: m.resources.memory.total - m.resources.memory.used, diskFree: m.resources.disk.total - m.resources.disk.used } : {}),
    })),
    chosen: spec.placement,
    current: {},
  });
  const options = members.map((m) => ({
    value: m.name,
    label: `${m.name}${m.resources ? ` · ${formatBytes(m.resources.memory.total - m.resources.memory.used)} memory free` : ''}${m.status !== 'Online' ? ` (${m.status.toLowerCase()})` : ''}`,
    disabled: m.status !== 'Online',
  }));
  return (
    <div data-testid="placement-section">
      <Group justify="space-between" mb="xs">
        <Text size="sm" c="dimmed">
          {spec.endpoint} is a cluster of {members.length} members. Automatic puts each container on the member with the
          fewest instances that has room for it; or choose one. A container&apos;s data stays with it.
        </Text>
        <Button size="xs" variant="subtle" leftSection={<IconRestore size={14} />} disabled={Object.keys(spec.placement).length === 0} onClick={() => edit((s) => ({ ...s, placement: {} }))}>
          All automatic
        </Button>
      </Group>
      <Table verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Container</Table.Th>
            <Table.Th>Member</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {containers.map((c) => {
            const auto = preview.placements.find((p) => p.container === c.name && p.how === 'automatic')?.member;
            return (
              <Table.Tr key={c.name} data-testid={`place-${c.name}`}>
                <ContainerCell name={c.name} component={c.component} />
                <Table.Td>
                  <Select
                    aria-label={`Member for ${c.name}`}
                    w={300}
                    allowDeselect={false}
                    value={spec.placement[c.name] ?? AUTOMATIC}
                    data={[{ value: AUTOMATIC, label: auto ? `Automatic (now: ${auto})` : 'Automatic' }, ...options]}
                    onChange={(v) => edit((s) => choose(s, c.name, v ?? AUTOMATIC))}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {preview.blockers.map((b) => (
        <Text key={b} size="sm" c="red" mt="xs">
          {b}
        </Text>
      ))}
      {preview.warnings.map((w) => (
        <Text key={w} size="sm" c="orange" mt="xs">
          {w}
        </Text>
      ))}
    </div>
  );
}
