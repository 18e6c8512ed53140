import { Badge, Group, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { catalog } from '../../../shared/datacenter/catalog';
import { rollbackOf } from '../../../shared/datacenter/plan';
import type { ErrorShape } from '../../../shared/errors';

/** Under a failed run: BCM put the failed component back to the snapshot it took first (issue 12). */
export function RollbackNote({ error }: { error: ErrorShape | undefined }) {
  const rollback = rollbackOf(error);
  if (!rollback) return null;
  const title = catalog[rollback.component].title;
  return (
    <Group gap="xs" mt="xs" wrap="nowrap" data-testid="run-rollback" data-healthy={rollback.healthy}>
      <Badge color={rollback.healthy ? 'teal' : 'red'} variant="light" leftSection={<IconHistory size={12} />} style={{ flexShrink: 0 }}>
        {rollback.healthy ? 'Rolled back' : 'Rollback failed'}
      </Badge>
      <Text size="xs" c="dimmed">
        {rollback.healthy
          ? `${title} runs again as of ${rollback.snapshot} (restored and healthy in ${Math.round(rollback.durationMs / 1000)} s). Nothing of the failed change is left.`
          : `${title} could not be put back to ${rollback.snapshot}: ${rollback.message ?? 'see the step log'}.`}
      </Text>
    </Group>
  );
}
