import { Table, Text } from '@mantine/core';
import { catalog } from '../../../shared/datacenter/catalog';
import type { ComponentKind } from '../../../shared/datacenter/spec';

/** A table cell naming a container and the component it belongs to. */
export function ContainerCell({ name, component }: { name: string; component: ComponentKind }) {
  return (
    <Table.Td>
      <Text size="sm" ff="monospace">
        {name}
      </Text>
      <Text size="xs" c="dimmed">
        {catalog[component].title}
      </Text>
    </Table.Td>
  );
}
