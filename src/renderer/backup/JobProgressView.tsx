import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import type { JobProgress } from '../../shared/channels/store';
import { formatBytes } from '../lib/format';
import { phaseLabel, progressPercent } from './lib';

/** A running backup or restore: phase, a progress bar, the member being read, and Cancel. */
export function JobProgressView({ progress, onCancel, cancelling }: { progress: JobProgress | null; onCancel: () => void; cancelling: boolean }) {
  const percent = progressPercent(progress);
  const phase = progress ? phaseLabel(progress.phase) : 'Starting';
  const indeterminate = !progress || progress.total <= 0;
  return (
    <Stack gap={6} data-testid="job-progress">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" fw={500}>
          {phase}
          {!indeterminate && progress && (
            <Text span c="dimmed" size="sm">
              {' '}
              · {formatBytes(progress.done)} of {formatBytes(progress.total)}
            </Text>
          )}
        </Text>
        <Button size="xs" variant="subtle" color="red" leftSection={<IconX size={14} />} onClick={onCancel} loading={cancelling}>
          Cancel
        </Button>
      </Group>
      <Progress value={indeterminate ? 100 : percent} animated={indeterminate} striped={indeterminate} size="lg" radius="xl" aria-label={`${phase} ${percent}%`} />
      <Text size="xs" c="dimmed" ff="monospace" truncate="end" h={16}>
        {progress?.member ?? progress?.message ?? ''}
      </Text>
    </Stack>
  );
}
