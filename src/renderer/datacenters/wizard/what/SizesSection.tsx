import { Button, Group, Table, Text } from '@mantine/core';
import { IconRestore } from '@tabler/icons-react';
import { catalog, containersOf } from '../../../../shared/datacenter/catalog';
import type { Size } from '../../../../shared/datacenter/spec';
import { resetSizes, setSize } from '../../lib/draft';
import type { SizeField } from '../../lib/size-input';
import { SizeInput } from './SizeInput';
import { ContainerCell } from '../../components/ContainerCell';
import type { SectionProps } from './types';

const fields: Array<SizeField & { key: keyof Size }> = [
  { key: 'cpus', label: 'CPUs', unit: 'count', min: 1, max: 64 },
  { key: 'memoryMiB', label: 'Memory', unit: 'MiB', min: 128, max: 262_144 },
  { key: 'diskGiB', label: 'Disk', unit: 'GiB', min: 1, max: 16_384 },
];

/** Advanced: CPU, memory and root disk per container, starting from the catalog's defaults. */
export function SizesSection({ spec, edit, errors }: SectionProps) {
  const containers = containersOf(spec);
  const changed = Object.keys(spec.sizes).length > 0;
  return (
    <div>
      <Group justify="space-between" mb="xs">
        <Text size="sm" c="dimmed">
          Limits per container. Defaults come from the catalog; the chain&apos;s data is added to the estimate on top of
          the disk size.
        </Text>
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconRestore size={14} />}
          disabled={!changed}
          onClick={() => edit(resetSizes)}
        >
          Reset to defaults
        </Button>
      </Group>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing={6} highlightOnHover={false}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Container</Table.Th>
              {fields.map((f) => (
                <Table.Th key={f.key}>{f.label}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {containers.map((c) => (
              <Table.Tr key={c.name} data-testid={`size-${c.name}`}>
                <ContainerCell name={c.name} component={c.component} />
                {fields.map((f) => {
                  const def = catalog[c.component].defaultSize[f.key];
                  const value = c.size[f.key];
                  return (
                    <Table.Td key={f.key}>
                      <SizeInput
                        field={f}
                        width={f.key === 'cpus' ? 80 : 130}
                        value={value}
                        defaultValue={def}
                        ariaLabel={`${f.label} of ${c.name}`}
                        specError={errors[`sizes.${c.name}.${f.key}`] ?? errors[`sizes.${c.name}`]}
                        onValue={(v) => edit((s) => setSize(s, c.name, c.component, { [f.key]: v }))}
                      />
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </div>
  );
}
