import { Badge, Loader, Tooltip } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { EndpointStatus } from '../../../shared/endpoints';
import { formatRelative } from '../../lib/format';

export function ReachabilityBadge({ status }: { status: UseQueryResult<EndpointStatus> }) {
  if (status.isPending) {
    return (
      <Badge variant="light" color="gray" size="lg" leftSection={<Loader size={10} color="gray" />}>
        Checking
      </Badge>
    );
  }
  if (status.isError || !status.data.reachable) {
    return (
      <Badge variant="light" color="red" size="lg" data-testid="reachability">
        Unreachable
      </Badge>
    );
  }
  const latency = status.data.latencyMs;
  return (
    <Tooltip label={`Checked ${formatRelative(status.data.checkedAt)}`}>
      <Badge variant="dot" color="teal" size="lg" data-testid="reachability">
        Online{latency !== undefined ? ` · ${Math.round(latency)} ms` : ''}
      </Badge>
    </Tooltip>
  );
}
