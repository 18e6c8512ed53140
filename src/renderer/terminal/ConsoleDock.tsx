import { ActionIcon, Box, Group, Text, Tooltip } from '@mantine/core';
import { IconArrowsMaximize, IconArrowsMinimize, IconChevronDown, IconFileText, IconTerminal2, IconX } from '@tabler/icons-react';
import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { LogTab } from '../logs/LogTab';
import classes from './Console.module.css';
import { MIN_DOCK_HEIGHT, useConsoleStore, type ConsoleTab } from './console-store';
import { TerminalTab } from './TerminalTab';
import { useCloseTab } from './use-close-tab';

function TabHeader({ tab, active, onSelect, onClose }: { tab: ConsoleTab; active: boolean; onSelect: () => void; onClose: () => void }) {
  const Icon = tab.kind === 'terminal' ? IconTerminal2 : IconFileText;
  const what = tab.kind === 'terminal' ? 'Terminal' : 'Logs';
  return (
    <div className={classes.tab} data-active={active || undefined} data-testid={`console-tab-${tab.kind}-${tab.target.name}`}>
      <div
        role="tab"
        tabIndex={0}
        aria-selected={active}
        className={classes.tabLabel}
        title={`${what}: ${tab.target.name} on ${tab.target.endpoint}`}
        onClick={onSelect}
        onAuxClick={(e) => e.button === 1 && onClose()}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') onSelect();
          if (e.key === 'Delete') onClose();
        }}
      >
        <Icon size={15} stroke={1.7} style={{ flex: 'none' }} />
        <span className={classes.tabTitle}>{tab.title}</span>
      </div>
      <ActionIcon size="xs" variant="subtle" color="gray" aria-label={`Close ${what.toLowerCase()} ${tab.title}`} onClick={onClose}>
        <IconX size={12} />
      </ActionIcon>
    </div>
  );
}

/**
 * The terminals and log tails, docked at the bottom of every page. Tabs stay alive while the dock
 * is hidden or another page is shown; the dock's height is dragged at its top edge.
 */
export function ConsoleDock() {
  const { tabs, activeId, open, maximized, height, setActive, setOpen, setMaximized, setHeight } = useConsoleStore();
  const closeTab = useCloseTab();
  const [dragging, setDragging] = useState(false);
  const dragStart = useRef<{ y: number; height: number } | null>(null);

  if (tabs.length === 0 && !open) return null;

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>): void => {
    e.currentTarget.setPointerCapture(e.pointerId);
    dragStart.current = { y: e.clientY, height };
    setDragging(true);
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>): void => {
    if (!dragStart.current) return;
    const max = window.innerHeight - 80;
    setHeight(Math.min(max, Math.max(MIN_DOCK_HEIGHT, dragStart.current.height + dragStart.current.y - e.clientY)));
  };
  const onPointerUp = (): void => {
    dragStart.current = null;
    setDragging(false);
  };

  const shownHeight = maximized ? 'calc(100dvh - var(--app-shell-header-offset, 60px))' : `${height}px`;
  return (
    <>
      {open && !maximized && <Box h={height} aria-hidden />}
      <section
        className={classes.dock}
        style={{ height: shownHeight, display: open ? 'flex' : 'none' }}
        aria-label="Terminals and logs"
        data-testid="console-dock"
      >
        {!maximized && (
          <div
            className={classes.resize}
            data-active={dragging || undefined}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            role="separator"
            aria-orientation="horizontal"
            aria-label="Resize the console"
          />
        )}
        <div className={classes.header}>
          <div className={classes.tabs} role="tablist" aria-label="Open terminals and logs">
            {tabs.map((tab) => (
              <TabHeader key={tab.id} tab={tab} active={tab.id === activeId} onSelect={() => setActive(tab.id)} onClose={() => closeTab(tab)} />
            ))}
          </div>
          <Group gap={2} wrap="nowrap">
            <Tooltip label={maximized ? 'Restore' : 'Maximise'}>
              <ActionIcon variant="subtle" color="gray" aria-label={maximized ? 'Restore the console' : 'Maximise the console'} onClick={() => setMaximized(!maximized)}>
                {maximized ? <IconArrowsMinimize size={16} /> : <IconArrowsMaximize size={16} />}
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Hide (tabs keep running)">
              <ActionIcon variant="subtle" color="gray" aria-label="Hide the console" onClick={() => setOpen(false)}>
                <IconChevronDown size={18} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </div>
        <div className={classes.body}>
          {tabs.length === 0 && (
            <Text size="sm" c="dimmed" p="md">
              Nothing open. Open a terminal or a log from an instance&apos;s row on the Endpoints page.
            </Text>
          )}
          {tabs.map((tab) => (
            <div key={tab.id} role="tabpanel" className={classes.panel} style={{ display: tab.id === activeId ? 'flex' : 'none' }}>
              {tab.kind === 'terminal' ? <TerminalTab tab={tab} active={open && tab.id === activeId} /> : <LogTab tab={tab} />}
            </div>
          ))}
        </div>
      </section>
    </>
  );
}
