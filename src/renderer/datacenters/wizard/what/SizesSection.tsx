import { Button, Group, NumberInput, Table, Text } from '@mantine/core';
import { IconRestore } from '@tabler/icons-react';
import { catalog, containersOf } from '../../../../shared/datacenter/catalog';
import type { Size } from '../../../../shared/datacenter/spec';
import { resetSizes, setSize } from '../../lib/draft';
import type { SectionProps } from './types';

const fields: Array<{ key: keyof Size; label: string; suffix: string; min: number; max: number; step: number }> = [
  { key: 'cpus', label: 'CPUs', suffix: '', min: 1, max: 64, step: 1 },
  { key: 'memoryMiB', label: 'Memory', suffix: ' MiB', min: 128, max: 262_144, step: 256 },
  { key: 'diskGiB', label: 'Disk', suffix: ' GiB', min: 1, max: 16_384, step: 1 },
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
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {c.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {catalog[c.component].title}
                  </Text>
                </Table.Td>
                {fields.map((f) => {
                  const def = catalog[c.component].defaultSize[f.key];
                  const value = c.size[f.key];
                  return (
                    <Table.Td key={f.key}>
                      <NumberInput
                        size="xs"
                        w={f.key === 'cpus' ? 80 : 130}
                        min={f.min}
                        max={f.max}
                        step={f.step}
                        suffix={f.suffix}
                        allowDecimal={false}
                        clampBehavior="none"
                        value={value}
                        aria-label={`${f.label} of ${c.name}`}
                        description={value !== def ? `default ${def}${f.suffix}` : undefined}
                        inputWrapperOrder={['input', 'description', 'error']}
                        error={errors[`sizes.${c.name}.${f.key}`] ?? errors[`sizes.${c.name}`]}
                        onChange={(v) => {
                          if (typeof v === 'number') edit((s) => setSize(s, c.name, c.component, { [f.key]: v }));
                        }}
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
