import { Badge, Paper, Table, Text } from '@mantine/core';
import type { Placement } from '../../../shared/datacenter/placement';

const howLook: Record<Placement['how'], { label: string; color: string }> = {
  automatic: { label: 'automatic', color: 'blue' },
  chosen: { label: 'chosen', color: 'grape' },
  current: { label: 'runs there', color: 'gray' },
};

/** Where each container of the plan runs on the cluster, and the moves it makes (issue 14). */
export function PlanPlacement({ placement }: { placement: readonly Placement[] | undefined }) {
  if (!placement?.length) return null;
  return (
    <Paper withBorder radius="md" p="md" data-testid="plan-placement">
      <Text fw={650} mb="xs">
        Placement on the cluster
      </Text>
      <Table verticalSpacing={4} fz="sm">
        <Table.Tbody>
          {placement.map((p) => (
            <Table.Tr key={p.container} data-testid={`placement-${p.container}`}>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {p.container}
                </Text>
              </Table.Td>
              <Table.Td>
                {p.from ? (
                  <Text size="sm">
                    moves from <b>{p.from}</b> to <b>{p.member}</b>
                  </Text>
                ) : (
                  <Text size="sm">
                    on <b>{p.member}</b>
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={howLook[p.how].color}>
                  {howLook[p.how].label}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
