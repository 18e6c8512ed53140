import { Center, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react';
import { useMemo, useState, type ReactNode } from 'react';
import { sortRows, type SortDirection } from '../lib/series';

export interface Column<T> {
  key: keyof T & string;
  label: string;
  render?: (row: T) => ReactNode;
  align?: 'left' | 'right';
}

/** A table whose column headers sort it (click again to reverse); keyboard reachable. */
export function SortableTable<T>({
  rows,
  columns,
  rowKey,
  initialSort,
  empty,
  testId,
}: {
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  initialSort: { key: keyof T & string; direction: SortDirection };
  empty: string;
  testId: string;
}) {
  const [sort, setSort] = useState(initialSort);
  const sorted = useMemo(() => sortRows(rows, sort.key, sort.direction), [rows, sort]);
  const toggle = (key: keyof T & string) =>
    setSort((s) => (s.key === key ? { key, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: 'asc' }));
  if (rows.length === 0) {
    return (
      <Text c="dimmed" size="sm" py="md" ta="center" data-testid={`${testId}-empty`}>
        {empty}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => {
              const active = sort.key === c.key;
              const Icon = !active ? IconSelector : sort.direction === 'asc' ? IconChevronUp : IconChevronDown;
              return (
                <Table.Th key={c.key} aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'} style={{ textAlign: c.align ?? 'left' }}>
                  <UnstyledButton onClick={() => toggle(c.key)} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
                    <Text fw={600} size="sm">
                      {c.label}
                    </Text>
                    <Center>
                      <Icon size={14} stroke={1.6} />
                    </Center>
                  </UnstyledButton>
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((row) => (
            <Table.Tr key={rowKey(row)}>
              {columns.map((c) => (
                <Table.Td key={c.key} style={{ textAlign: c.align ?? 'left' }}>
                  {c.render ? c.render(row) : String(row[c.key] ?? '—')}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
