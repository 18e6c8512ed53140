import { Badge, Loader } from '@mantine/core';
import type { TerminalStatus } from './use-terminal-session';

const look: Record<TerminalStatus['kind'], { color: string; label: string }> = {
  opening: { color: 'blue', label: 'Connecting' },
  attached: { color: 'teal', label: 'Connected' },
  exited: { color: 'gray', label: 'Ended' },
  gone: { color: 'gray', label: 'Gone' },
  taken: { color: 'yellow', label: 'Open elsewhere' },
  lost: { color: 'orange', label: 'Reconnecting' },
  failed: { color: 'red', label: 'Failed' },
};

export function TerminalStatusBadge({ status }: { status: TerminalStatus }) {
  const { color, label } = look[status.kind];
  const busy = status.kind === 'opening' || status.kind === 'lost';
  return (
    <Badge
      size="sm"
      variant="light"
      color={color}
      data-testid="terminal-status"
      data-status={status.kind}
      leftSection={busy ? <Loader size={9} color={color} /> : undefined}
    >
      {status.kind === 'exited' ? `Exit ${status.exitCode}` : label}
    </Badge>
  );
}
