import { Badge, Loader, Tooltip } from '@mantine/core';
import type { TailStatus } from './use-log-tail';

const look = {
  connecting: { color: 'blue', label: 'Connecting' },
  live: { color: 'teal', label: 'Live' },
  reconnecting: { color: 'orange', label: 'Reconnecting' },
  waiting: { color: 'gray', label: 'Waiting' },
  ended: { color: 'red', label: 'Ended' },
} as const;

/** Where the tail is: live, paused, reconnecting (attempt n), waiting for the container, ended. */
export function LogStateBadge({ status, paused }: { status: TailStatus; paused: boolean }) {
  const { color, label } = paused && status.state === 'live' ? { color: 'blue', label: 'Paused' } : look[status.state];
  const busy = status.state === 'connecting' || status.state === 'reconnecting';
  const text = status.state === 'reconnecting' && status.attempt ? `${label} (${status.attempt})` : label;
  return (
    <Tooltip label={status.message ?? label} disabled={!status.message}>
      <Badge
        size="sm"
        variant="light"
        color={color}
        data-testid="log-state"
        data-state={status.state}
        leftSection={busy ? <Loader size={9} color={color} /> : undefined}
        styles={{ root: { flex: 'none' } }}
      >
        {text}
      </Badge>
    </Tooltip>
  );
}
