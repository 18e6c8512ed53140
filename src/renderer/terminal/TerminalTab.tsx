import { ActionIcon, Alert, Box, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconClipboard, IconCopy, IconEraser, IconInfoCircle, IconRefresh, IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { copyToClipboard, readClipboard } from './clipboard';
import classes from './Console.module.css';
import type { ConsoleTab } from './console-store';
import { TerminalSearchBar } from './TerminalSearchBar';
import { TerminalStatusBadge } from './TerminalStatusBadge';
import { useTerminalSession, type TerminalStatus } from './use-terminal-session';
import { useXterm } from './use-xterm';

type TerminalTabData = Extract<ConsoleTab, { kind: 'terminal' }>;

function EndedBar({ status, onReconnect, onTakeBack }: { status: TerminalStatus; onReconnect: () => void; onTakeBack: () => void }) {
  if (status.kind === 'exited' || status.kind === 'gone') {
    return (
      <Alert color="gray" variant="light" radius={0} py={6} data-testid="terminal-ended">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">{status.message}</Text>
          <Button size="compact-sm" leftSection={<IconRefresh size={14} />} onClick={onReconnect}>
            Reconnect
          </Button>
        </Group>
      </Alert>
    );
  }
  if (status.kind === 'taken') {
    return (
      <Alert color="yellow" variant="light" radius={0} py={6}>
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">This terminal was opened in another window or tab.</Text>
          <Button size="compact-sm" variant="light" onClick={onTakeBack}>
            Use it here
          </Button>
        </Group>
      </Alert>
    );
  }
  if (status.kind === 'lost') {
    return (
      <Alert color="orange" variant="light" radius={0} py={6}>
        <Text size="sm">Lost the connection to the session ({status.message}). Reattaching…</Text>
      </Alert>
    );
  }
  return null;
}

/** One shell in a container: toolbar, xterm, and what happened to the session. */
export function TerminalTab({ tab, active }: { tab: TerminalTabData; active: boolean }) {
  const container = useRef<HTMLDivElement | null>(null);
  const [searching, setSearching] = useState(false);
  const [noticeHidden, setNoticeHidden] = useState(false);
  const xterm = useXterm(container, {
    onCopy: (text) => void copyToClipboard(text),
    onPaste: () => void readClipboard().then((text) => text !== null && xterm?.term.paste(text)),
    onSearch: () => setSearching(true),
  });
  const { status, info, reconnect, takeBack } = useTerminalSession(tab, xterm);
  const [size, setSize] = useState<{ cols: number; rows: number } | null>(null);

  useEffect(() => {
    if (!xterm) return undefined;
    const sub = xterm.term.onResize(({ cols, rows }) => setSize({ cols, rows }));
    return () => sub.dispose();
  }, [xterm]);

  // the terminal fills its box: refit on every size change while visible
  useEffect(() => {
    const el = container.current;
    if (!el || !xterm) return undefined;
    const refit = (): void => {
      if (el.offsetWidth > 0 && el.offsetHeight > 0) {
        try {
          xterm.fit.fit();
        } catch {
          // not rendered yet
        }
      }
    };
    const observer = new ResizeObserver(refit);
    observer.observe(el);
    refit();
    return () => observer.disconnect();
  }, [xterm]);

  useEffect(() => {
    if (active && xterm) xterm.term.focus();
  }, [active, xterm]);

  const target = `${tab.target.name} on ${tab.target.endpoint}${tab.target.project === 'default' ? '' : ` (${tab.target.project})`}`;
  return (
    <Stack
      gap={0}
      h="100%"
      data-testid={`terminal-${tab.target.name}`}
      data-session-id={tab.sessionId ?? ''}
      data-cols={size?.cols ?? xterm?.term.cols}
      data-rows={size?.rows ?? xterm?.term.rows}
    >
      <Group justify="space-between" px="xs" py={4} wrap="nowrap" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <TerminalStatusBadge status={status} />
          <Text size="xs" c="dimmed" truncate>
            {info?.shell ?? 'shell'} in {target}
            {size ? ` · ${size.cols}×${size.rows}` : ''}
          </Text>
        </Group>
        <Group gap={2} wrap="nowrap">
          <Tooltip label="Find (Ctrl+Shift+F)">
            <ActionIcon variant="subtle" color="gray" aria-label="Find in terminal" onClick={() => setSearching((v) => !v)}>
              <IconSearch size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Copy selection (Ctrl+Shift+C)">
            <ActionIcon variant="subtle" color="gray" aria-label="Copy selection" onClick={() => void copyToClipboard(xterm?.term.getSelection() ?? '')}>
              <IconCopy size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Paste (Ctrl+Shift+V)">
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label="Paste"
              disabled={status.kind !== 'attached'}
              onClick={() => void readClipboard().then((text) => text !== null && xterm?.term.paste(text))}
            >
              <IconClipboard size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Clear the screen's scrollback">
            <ActionIcon variant="subtle" color="gray" aria-label="Clear scrollback" onClick={() => xterm?.term.clear()}>
              <IconEraser size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="New shell in this tab">
            <ActionIcon variant="subtle" color="gray" aria-label="Reconnect" onClick={reconnect}>
              <IconRefresh size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      {info?.notice && !noticeHidden && (
        <Alert
          color="blue"
          variant="light"
          radius={0}
          py={6}
          icon={<IconInfoCircle size={16} />}
          withCloseButton
          onClose={() => setNoticeHidden(true)}
          data-testid="terminal-notice"
        >
          <Text size="sm">{info.notice}</Text>
        </Alert>
      )}
      {searching && xterm && <TerminalSearchBar search={xterm.search} onClose={() => setSearching(false)} />}
      {status.kind === 'failed' && (
        <Box p="md">
          <ErrorAlert error={status.error} title={`Could not open a terminal in ${tab.target.name}`} />
          <Button mt="sm" size="sm" variant="light" leftSection={<IconRefresh size={14} />} onClick={reconnect}>
            Try again
          </Button>
        </Box>
      )}
      <Box
        ref={container}
        data-testid="xterm-container"
        className={classes.terminalBox}
        style={{ flex: 1, minHeight: 0, padding: '6px 0 0 8px', display: status.kind === 'failed' ? 'none' : undefined }}
      />
      <EndedBar status={status} onReconnect={reconnect} onTakeBack={takeBack} />
    </Stack>
  );
}
