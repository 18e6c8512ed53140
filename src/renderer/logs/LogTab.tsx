import { Alert, Group, Loader, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { LogSource } from '../../shared/channels/logs';
import { useApi } from '../api/context';
import { ErrorAlert } from '../components/ErrorAlert';
import { copyToClipboard } from '../terminal/clipboard';
import { useConsoleStore, type ConsoleTab } from '../terminal/console-store';
import { displayRows, entryAt } from './lib/filter';
import { LEVEL, type LevelCode } from './lib/levels';
import type { LogBuffer, LogView } from './lib/log-buffer';
import { formatTime, logFileName } from './lib/save';
import { compileSearch } from './lib/search';
import { defaultSource, sourceFileLabel } from './lib/sources';
import { clickLine, selectionBounds, type LineSelection } from './lib/selection';
import { LogList } from './LogList';
import { LogStateBadge } from './LogStateBadge';
import { LevelFilter, LogActions, LogSearchBar, type SearchState } from './LogToolbar';
import { LOG_CAPACITY, useLogTail } from './use-log-tail';
import { downloadText } from '../lib/download';

type LogTabData = Extract<ConsoleTab, { kind: 'logs' }>;

const keyOf = (s: LogSource): string => JSON.stringify(s);

const download = (name: string, text: string): void => downloadText(name, text);

/** A log tail of one instance: source picker, live view with pause, search, filters, copy and save. */
export function LogTab({ tab }: { tab: LogTabData }) {
  const api = useApi();
  const setSource = useConsoleStore((s) => s.setSource);
  const { target } = tab;
  const sources = useQuery({
    queryKey: ['log-sources', target.endpoint, target.project, target.name],
    queryFn: () => api.invoke('logs.sources', target),
    staleTime: 30_000,
  });
  useEffect(() => {
    if (tab.source || !sources.data) return;
    const first = defaultSource(sources.data.sources);
    if (first) setSource(tab.id, first);
  }, [tab.source, tab.id, sources.data, setSource]);

  const tail = useLogTail(target, tab.source, tab.tailId);
  // a pause and a selection belong to one buffer (a new source starts a new one)
  const [pausedAt, setPausedAt] = useState<{ buffer: LogBuffer; view: LogView } | null>(null);
  const snapshot = pausedAt?.buffer === tail.buffer ? pausedAt.view : null;
  const [search, setSearch] = useState<SearchState>({ query: '', caseSensitive: false, regex: false, onlyMatches: false });
  const [hidden, setHidden] = useState<Set<LevelCode>>(new Set());
  const [showTime, setShowTime] = useState(true);
  const [selected, setSelected] = useState<{ buffer: LogBuffer; selection: LineSelection | null } | null>(null);
  const selection = selected?.buffer === tail.buffer ? selected.selection : null;
  const [currentMatch, setCurrentMatch] = useState<number | null>(null);

  const compiled = useMemo(
    () => compileSearch(search.query, { caseSensitive: search.caseSensitive, regex: search.regex }),
    [search.query, search.caseSensitive, search.regex],
  );
  const matcher = compiled.ok ? compiled.matcher : null;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the buffer changes in place; version says when
  const view = useMemo(() => snapshot ?? tail.buffer.live(), [snapshot, tail.buffer, tail.version]);
  const levels = useMemo(() => {
    if (hidden.size === 0) return null;
    return new Set<LevelCode>([LEVEL.none, LEVEL.error, LEVEL.warn, LEVEL.info, LEVEL.debug].filter((l) => !hidden.has(l)));
  }, [hidden]);
  const display = useMemo(() => displayRows(view, { levels, matcher, onlyMatches: search.onlyMatches }), [view, levels, matcher, search.onlyMatches]);
  const hasLevels = tail.buffer.levelCounts.slice(1).some((n) => n > 0);

  const changeSearch = (next: SearchState): void => {
    if (next.query !== search.query || next.caseSensitive !== search.caseSensitive || next.regex !== search.regex) setCurrentMatch(null);
    setSearch(next);
  };

  const paused = snapshot !== null;
  const pause = (): void => setPausedAt({ buffer: tail.buffer, view: tail.buffer.snapshot() });
  const resume = (): void => {
    setPausedAt(null);
    setCurrentMatch(null);
  };
  const step = (direction: 1 | -1): void => {
    const n = display.matches.length;
    if (n === 0) return;
    if (!paused) pause();
    setCurrentMatch((c) => (c === null ? (direction === 1 ? 0 : n - 1) : (c + direction + n) % n));
  };

  const selectedCount = selection ? selectionBounds(selection).last - selectionBounds(selection).first + 1 : 0;
  const copySelection = (): void => {
    if (!selection) return;
    const { first, last } = selectionBounds(selection);
    const lines: string[] = [];
    for (let i = first; i <= last; i++) {
      const e = view.entry(i);
      if (e) lines.push(e.text);
    }
    void copyToClipboard(lines.join('\n'), lines.length === 1 ? 'Line' : `${lines.length} lines`);
  };
  const save = (): void => {
    const out: string[] = [];
    for (let row = 0; row < display.count; row++) {
      const e = view.entry(entryAt(display, view, row));
      if (!e) continue;
      const text = e.kind === 'notice' ? `-- ${e.text}` : e.text;
      out.push(showTime ? `${formatTime(e.at)} ${text}` : text);
    }
    download(logFileName(target.name, sourceFileLabel(tab.source), new Date()), out.length > 0 ? `${out.join('\n')}\n` : '');
  };

  const options = (sources.data?.sources ?? []).map((s) => ({ value: keyOf(s.source), label: s.label }));
  if (tab.source && !options.some((o) => o.value === keyOf(tab.source as LogSource))) {
    options.push({ value: keyOf(tab.source), label: tab.source.kind === 'file' ? tab.source.path : keyOf(tab.source) });
  }
  const matchRow = currentMatch === null ? null : (display.matches[currentMatch] ?? null);
  const newLines = snapshot ? tail.buffer.end - snapshot.end : 0;

  return (
    <Stack gap={0} h="100%" data-testid={`logs-${target.name}`} data-state={tail.status.state} data-received={tail.received} data-paused={paused}>
      <Group justify="space-between" px="xs" py={4} gap="xs" wrap="nowrap" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Select
            size="xs"
            aria-label="Log source"
            placeholder={sources.isLoading ? 'Looking for logs…' : 'Choose a log'}
            data={options}
            value={tab.source ? keyOf(tab.source) : null}
            onChange={(v) => v && setSource(tab.id, JSON.parse(v) as LogSource)}
            allowDeselect={false}
            searchable
            w={240}
            comboboxProps={{ withinPortal: true, zIndex: 400 }}
            rightSection={sources.isFetching ? <Loader size={12} /> : undefined}
          />
          <LogStateBadge status={tail.status} paused={paused} />
          <Text size="xs" c="dimmed" truncate maw={420} title={tail.status.message}>
            {tail.status.state !== 'live' ? tail.status.message : ''}
          </Text>
        </Group>
        <LogActions
          paused={paused}
          newLines={newLines}
          showTime={showTime}
          selectedCount={selectedCount}
          onTogglePause={paused ? resume : pause}
          onToggleTime={() => setShowTime((v) => !v)}
          onCopy={copySelection}
          onSave={save}
        />
      </Group>
      <Group px="xs" py={4} gap="md" wrap="nowrap" style={{ borderBottom: '1px solid var(--mantine-color-default-border)', overflowX: 'auto' }}>
        <LogSearchBar
          search={search}
          onChange={changeSearch}
          matchCount={display.matches.length}
          currentMatch={currentMatch}
          error={compiled.ok ? null : compiled.error}
          onStep={step}
        />
        {(hasLevels || hidden.size > 0) && <LevelFilter counts={tail.buffer.levelCounts} hidden={hidden} onChange={setHidden} />}
      </Group>
      {sources.isError && <ErrorAlert error={sources.error} title={`Could not list the logs of ${target.name}`} radius={0} />}
      {sources.data && sources.data.sources.length === 0 && (
        <Alert color="gray" radius={0}>
          No logs found in {target.name}.
        </Alert>
      )}
      <LogList
        view={view}
        display={display}
        matcher={matcher}
        currentMatchRow={matchRow}
        showTime={showTime}
        following={!paused}
        selection={selection}
        onLineClick={(index, extend) => setSelected({ buffer: tail.buffer, selection: clickLine(selection, index, extend) })}
        onScrollAway={pause}
        onCopy={copySelection}
        version={tail.version}
        emptyText={tab.source ? (tail.status.state === 'live' ? 'Waiting for lines…' : 'Connecting…') : 'Choose a log to follow.'}
      />
      <Group justify="space-between" px="xs" py={2} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        <Text size="xs" c="dimmed" data-testid="log-footer">
          {tail.buffer.size.toLocaleString()} lines
          {tail.buffer.dropped > 0 ? ` · older lines dropped (keeps the last ${LOG_CAPACITY.toLocaleString()})` : ''}
          {display.count !== view.end - view.first ? ` · ${display.count.toLocaleString()} shown` : ''}
        </Text>
        <Text size="xs" c="dimmed">
          {selectedCount > 0 ? `${selectedCount.toLocaleString()} selected · ` : ''}
          {paused ? 'Paused' : 'Following'}
        </Text>
      </Group>
    </Stack>
  );
}
