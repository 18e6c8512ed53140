import { Checkbox, Paper, Stack, Text } from '@mantine/core';
import type { PlanRemoval } from '../../../shared/datacenter/plan';
import type { ComponentKind } from '../../../shared/datacenter/spec';

const WHAT_DATA: Partial<Record<ComponentKind, string>> = {
  bitcoind: 'the block chain it downloaded',
  btcd: 'the block chain it downloaded',
  lnd: 'its wallet and channel state: funds can be lost',
  clightning: 'its wallet (hsm_secret) and channel state: funds can be lost',
  kafka: 'the messages and logs it keeps',
};

/** Components the new settings leave out, and for each the choice to keep or delete its data. */
export function RemovalsList({
  removals,
  deleteData,
  onChange,
}: {
  removals: readonly PlanRemoval[];
  deleteData: readonly ComponentKind[];
  onChange: (next: ComponentKind[]) => void;
}) {
  if (removals.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="plan-removals">
      {removals.map((r) => (
        <Paper key={r.component} withBorder p="sm" radius="md" data-testid={`removal-${r.component}`}>
          <Text size="sm" fw={600}>
            {r.title}
            {r.containers.length > 0 ? ` — container${r.containers.length > 1 ? 's' : ''} ${r.containers.join(', ')} will be deleted` : ' — already removed'}
          </Text>
          {r.volumes.length === 0 ? (
            <Text size="xs" c="dimmed">
              It has no data volume.
            </Text>
          ) : (
            <Checkbox
              mt={6}
              size="sm"
              color="red"
              checked={deleteData.includes(r.component)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                onChange(on ? [...deleteData, r.component] : deleteData.filter((c) => c !== r.component));
              }}
              label={`Also delete its data (${r.volumes.join(', ')})`}
              description={
                deleteData.includes(r.component)
                  ? `Deleted for good: ${WHAT_DATA[r.component] ?? 'everything in it'}. Take a backup first if unsure.`
                  : `Kept: turning ${r.title} on again later finds its data where it left it.`
              }
            />
          )}
        </Paper>
      ))}
    </Stack>
  );
}
