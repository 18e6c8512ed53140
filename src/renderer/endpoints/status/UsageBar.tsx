import { Group, Progress, Stack, Text } from '@mantine/core';
import { formatBytes, percentOf } from '../../lib/format';
import { usageColor } from '../../lib/status';

/** "Memory  2.1 GiB of 8.0 GiB" with a bar coloured by how full it is. */
export function UsageBar({ label, used, total }: { label: string; used: number; total: number }) {
  const percent = percentOf(used, total);
  return (
    <Stack gap={6}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.05em' }}>
          {label}
        </Text>
        <Text size="xs" c="dimmed">
          {Math.round(percent)}%
        </Text>
      </Group>
      <Progress
        value={percent}
        color={usageColor(percent)}
        size="md"
        radius="xl"
        aria-label={`${label}: ${formatBytes(used)} of ${formatBytes(total)} used`}
      />
      <Text size="sm">
        {formatBytes(used)}{' '}
        <Text span c="dimmed" size="sm">
          of {formatBytes(total)}
        </Text>
      </Text>
    </Stack>
  );
}
