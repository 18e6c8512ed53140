import { ActionIcon, Tooltip } from '@mantine/core';
import { IconFileText, IconTerminal2 } from '@tabler/icons-react';
import { openLogs, openTerminal, type ConsoleTarget } from './console-store';

/**
 * "Terminal" and "Logs" for one instance (endpoints page rows, datacenter components). A terminal
 * needs a running instance; LXD's own logs can be read in any state.
 */
export function InstanceConsoleActions({ target, status, className }: { target: ConsoleTarget; status: string; className?: string }) {
  const running = status.toLowerCase() === 'running';
  return (
    <>
      <Tooltip label={running ? 'Open a terminal' : `Start ${target.name} to open a terminal`}>
        <ActionIcon
          variant="subtle"
          color="gray.7"
          size="lg"
          className={className}
          aria-label={`Open a terminal in ${target.name}`}
          disabled={!running}
          onClick={() => openTerminal(target)}
        >
          <IconTerminal2 size={18} stroke={1.7} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Follow its logs">
        <ActionIcon
          variant="subtle"
          color="gray.7"
          size="lg"
          className={className}
          aria-label={`Open the logs of ${target.name}`}
          onClick={() => openLogs(target)}
        >
          <IconFileText size={18} stroke={1.7} />
        </ActionIcon>
      </Tooltip>
    </>
  );
}
