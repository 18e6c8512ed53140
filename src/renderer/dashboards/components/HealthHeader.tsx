import { Alert, Badge, Button, Group, Loader, Text, Tooltip } from '@mantine/core';
import { IconPlugConnectedX, IconRefresh } from '@tabler/icons-react';
import type { Reachability, ServiceHealth } from '../../../shared/services/common';
import { formatDuration, formatMoment, formatRelative } from '../../lib/format';
import { healthLooks } from '../lib/format';

/** The one-glance state of a service: badge, reason, "not responding since …", refresh. */
export function HealthHeader({
  health,
  reachability,
  checkedAt,
  slowSince,
  fetching,
  onRefresh,
  testId,
}: {
  health: ServiceHealth | undefined;
  reachability: Reachability | undefined;
  checkedAt: string | undefined;
  /** a read in flight for a while: the service is slow */
  slowSince: Date | null;
  fetching: boolean;
  onRefresh: () => void;
  testId: string;
}) {
  const look = health ? healthLooks[health.state] : undefined;
  const downSince = reachability?.downSince ?? (slowSince ? slowSince.toISOString() : null);
  return (
    <div>
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          {look && health ? (
            <Badge size="lg" variant="light" color={look.color} data-testid={`${testId}-health`} data-health={health.state}>
              {look.label}
            </Badge>
          ) : (
            <Loader size="sm" />
          )}
          <Text size="sm" style={{ minWidth: 0 }} data-testid={`${testId}-reason`}>
            {health?.reason ?? 'Reading…'}
            {health?.etaSeconds !== null && health?.etaSeconds !== undefined && (
              <Text span size="sm" c="dimmed">
                {' '}
                About {formatDuration(health.etaSeconds)} to go.
              </Text>
            )}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {checkedAt && (
            <Tooltip label={new Date(checkedAt).toLocaleString()}>
              <Text size="xs" c="dimmed">
                Read {formatRelative(checkedAt)}
              </Text>
            </Tooltip>
          )}
          <Button size="xs" variant="subtle" color="gray" leftSection={<IconRefresh size={14} />} loading={fetching} onClick={onRefresh}>
            Refresh
          </Button>
        </Group>
      </Group>
      {downSince && (
        <Alert mt="sm" color={reachability?.reachable === false ? 'red' : 'yellow'} variant="light" icon={<IconPlugConnectedX size={18} />} data-testid={`${testId}-not-responding`}>
          Not responding since {formatMoment(downSince)} ({formatRelative(downSince)})
          {reachability?.lastOkAt ? `; last answer ${formatRelative(reachability.lastOkAt)}. The figures below are from then.` : '.'}
        </Alert>
      )}
    </div>
  );
}
