import { Group, Paper, Stack, Text } from '@mantine/core';
import { CopyIconButton } from '../CopyIconButton';

/** A secret shown once as text to copy (a URI, a Tor client key), under a small label. */
export function SecretText({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Paper withBorder radius="sm" px="sm" py={6} bg="var(--mantine-color-default-hover)">
        <Group gap="xs" wrap="nowrap" justify="space-between">
          <Text ff="monospace" size="xs" lineClamp={3} style={{ wordBreak: 'break-all' }} data-testid={testId}>
            {value}
          </Text>
          <CopyIconButton value={value} label={`Copy ${label}`} />
        </Group>
      </Paper>
    </Stack>
  );
}
