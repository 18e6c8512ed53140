import { Badge, Tooltip } from '@mantine/core';
import type { StreamState } from '../../api/use-instances';

/** Whether instance changes are arriving live from the server's event stream. */
export function StreamBadge({ stream }: { stream: StreamState }) {
  if (stream.state === 'connected') {
    return (
      <Tooltip label="Changes on the server show up here as they happen">
        <Badge variant="dot" color="teal" size="sm" data-testid="stream-state" data-state="connected">
          Live
        </Badge>
      </Tooltip>
    );
  }
  if (stream.state === 'reconnecting') {
    return (
      <Tooltip
        label={stream.message ?? 'The event stream dropped; BCM is reconnecting. The list may be out of date.'}
        multiline
        w={280}
      >
        <Badge variant="light" color="yellow" size="sm" data-testid="stream-state" data-state="reconnecting">
          Reconnecting…
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Tooltip label={`${stream.error.message} BCM retries on its own.`} multiline w={280}>
      <Badge variant="light" color="red" size="sm" data-testid="stream-state" data-state="failed">
        Updates paused
      </Badge>
    </Tooltip>
  );
}
