import { Card, Group, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Section } from '../../../shared/services/common';

/**
 * One dashboard tile: its title and the value of its section, or the section's own problem. A
 * failing part of a reading never hides the others.
 */
export function SectionTile<T>({
  title,
  section,
  icon,
  testId,
  children,
  right,
}: {
  title: string;
  section: Section<T> | undefined;
  icon?: ReactNode;
  testId: string;
  children: (value: T) => ReactNode;
  right?: ReactNode;
}) {
  return (
    <Card h="100%" data-testid={testId} data-state={section === undefined ? 'loading' : section.ok ? 'ok' : 'error'}>
      <Group justify="space-between" mb="xs" wrap="nowrap" gap="xs">
        <Group gap={8} wrap="nowrap">
          {icon}
          <Text size="sm" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.04em' }}>
            {title}
          </Text>
        </Group>
        {right}
      </Group>
      {section === undefined ? (
        <Text c="dimmed">…</Text>
      ) : section.ok ? (
        children(section.value)
      ) : (
        <Group gap="xs" wrap="nowrap" align="flex-start" data-testid={`${testId}-error`}>
          <Tooltip label={section.error.code} position="bottom">
            <ThemeIcon variant="light" color="orange" size="sm" mt={2}>
              <IconAlertTriangle size={14} />
            </ThemeIcon>
          </Tooltip>
          <Text size="sm" c="orange.8" style={{ wordBreak: 'break-word' }}>
            {section.error.message}
          </Text>
        </Group>
      )}
    </Card>
  );
}

/** The big number of a tile with a caption under it. */
export function Figure({ value, caption, testId }: { value: ReactNode; caption?: ReactNode; testId?: string }) {
  return (
    <div>
      <Text fz={28} fw={700} lh={1.15} data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      {caption !== undefined && (
        <Text size="sm" c="dimmed" mt={4}>
          {caption}
        </Text>
      )}
    </div>
  );
}
