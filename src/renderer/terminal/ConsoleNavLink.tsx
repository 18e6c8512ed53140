import { Badge, NavLink } from '@mantine/core';
import { IconTerminal2 } from '@tabler/icons-react';
import { useConsoleStore } from './console-store';

/** The navigation entry of the console dock: shows or hides it, with the number of open tabs. */
export function ConsoleNavLink({ onNavigate }: { onNavigate?: () => void }) {
  const tabs = useConsoleStore((s) => s.tabs.length);
  const open = useConsoleStore((s) => s.open);
  const setOpen = useConsoleStore((s) => s.setOpen);
  return (
    <NavLink
      component="button"
      label="Terminals & logs"
      description={tabs === 0 ? 'Shells and log tails' : open ? 'Shown below' : 'Hidden'}
      leftSection={<IconTerminal2 size={20} stroke={1.6} />}
      rightSection={tabs > 0 ? <Badge size="sm" variant="light" circle>{tabs}</Badge> : undefined}
      active={open}
      variant="subtle"
      onClick={() => {
        setOpen(!open);
        onNavigate?.();
      }}
      styles={{ root: { borderRadius: 'var(--mantine-radius-md)' } }}
    />
  );
}
