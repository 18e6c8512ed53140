import { ActionIcon, Button, Chip, Group, Text, TextInput, Tooltip } from '@mantine/core';
import {
  IconArrowDown,
  IconArrowUp,
  IconClock,
  IconCopy,
  IconDownload,
  IconFilter,
  IconLetterCase,
  IconPlayerPause,
  IconPlayerPlay,
  IconRegex,
} from '@tabler/icons-react';
import { LEVEL, type LevelCode } from './lib/levels';

const levelChips: Array<{ code: LevelCode; label: string; color: string }> = [
  { code: LEVEL.error, label: 'Error', color: 'red' },
  { code: LEVEL.warn, label: 'Warning', color: 'yellow' },
  { code: LEVEL.info, label: 'Info', color: 'blue' },
  { code: LEVEL.debug, label: 'Debug', color: 'gray' },
  { code: LEVEL.none, label: 'Other', color: 'gray' },
];

export interface SearchState {
  query: string;
  caseSensitive: boolean;
  regex: boolean;
  onlyMatches: boolean;
}

export function LogSearchBar({
  search,
  onChange,
  matchCount,
  currentMatch,
  error,
  onStep,
}: {
  search: SearchState;
  onChange: (next: SearchState) => void;
  matchCount: number;
  currentMatch: number | null;
  error: string | null;
  onStep: (direction: 1 | -1) => void;
}) {
  const toggle = (key: 'caseSensitive' | 'regex' | 'onlyMatches') => onChange({ ...search, [key]: !search[key] });
  const count =
    search.query === '' ? '' : error ? 'Invalid pattern' : matchCount === 0 ? 'No matches' : `${(currentMatch ?? 0) + 1} of ${matchCount.toLocaleString()}`;
  return (
    <Group gap={4} wrap="nowrap">
      <TextInput
        size="xs"
        placeholder="Search the log"
        aria-label="Search the log"
        value={search.query}
        error={error !== null}
        onChange={(e) => onChange({ ...search, query: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onStep(e.shiftKey ? -1 : 1);
          if (e.key === 'Escape') onChange({ ...search, query: '' });
        }}
        w={220}
      />
      <Text size="xs" c={error ? 'red' : 'dimmed'} miw={78} data-testid="log-search-count" title={error ?? undefined}>
        {count}
      </Text>
      <Tooltip label="Match case">
        <ActionIcon size="sm" variant={search.caseSensitive ? 'filled' : 'subtle'} color="gray" aria-label="Match case" onClick={() => toggle('caseSensitive')}>
          <IconLetterCase size={15} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Regular expression">
        <ActionIcon size="sm" variant={search.regex ? 'filled' : 'subtle'} color="gray" aria-label="Regular expression" onClick={() => toggle('regex')}>
          <IconRegex size={15} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Show only matching lines">
        <ActionIcon size="sm" variant={search.onlyMatches ? 'filled' : 'subtle'} color="gray" aria-label="Show only matching lines" onClick={() => toggle('onlyMatches')}>
          <IconFilter size={15} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Previous match (Shift+Enter)">
        <ActionIcon size="sm" variant="subtle" color="gray" aria-label="Previous match" disabled={matchCount === 0} onClick={() => onStep(-1)}>
          <IconArrowUp size={15} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Next match (Enter)">
        <ActionIcon size="sm" variant="subtle" color="gray" aria-label="Next match" disabled={matchCount === 0} onClick={() => onStep(1)}>
          <IconArrowDown size={15} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

export function LevelFilter({
  counts,
  hidden,
  onChange,
}: {
  counts: readonly number[];
  hidden: ReadonlySet<LevelCode>;
  onChange: (hidden: Set<LevelCode>) => void;
}) {
  return (
    <Group gap={4} wrap="nowrap" aria-label="Levels shown">
      {levelChips.map(({ code, label, color }) => (
        <Chip
          key={code}
          size="xs"
          color={color}
          variant="light"
          checked={!hidden.has(code)}
          onChange={(checked) => {
            const next = new Set(hidden);
            if (checked) next.delete(code);
            else next.add(code);
            onChange(next);
          }}
        >
          {label} {(counts[code] ?? 0).toLocaleString()}
        </Chip>
      ))}
    </Group>
  );
}

export function LogActions({
  paused,
  newLines,
  showTime,
  selectedCount,
  onTogglePause,
  onToggleTime,
  onCopy,
  onSave,
}: {
  paused: boolean;
  newLines: number;
  showTime: boolean;
  selectedCount: number;
  onTogglePause: () => void;
  onToggleTime: () => void;
  onCopy: () => void;
  onSave: () => void;
}) {
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={showTime ? 'Hide time stamps' : 'Show time stamps (when BCM received each line)'}>
        <ActionIcon variant={showTime ? 'light' : 'subtle'} color="gray" aria-label="Time stamps" aria-pressed={showTime} onClick={onToggleTime}>
          <IconClock size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={selectedCount > 0 ? `Copy ${selectedCount.toLocaleString()} selected lines (Ctrl+C)` : 'Click line numbers to select lines to copy'}>
        <ActionIcon variant="subtle" color="gray" aria-label="Copy selected lines" disabled={selectedCount === 0} onClick={onCopy}>
          <IconCopy size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Save the lines shown to a file">
        <ActionIcon variant="subtle" color="gray" aria-label="Save to a file" onClick={onSave}>
          <IconDownload size={16} />
        </ActionIcon>
      </Tooltip>
      <Button
        size="compact-sm"
        variant={paused ? 'filled' : 'light'}
        leftSection={paused ? <IconPlayerPlay size={14} /> : <IconPlayerPause size={14} />}
        onClick={onTogglePause}
        miw={92}
      >
        {paused ? (newLines > 0 ? `Resume (${newLines > 99_999 ? '99,999+' : newLines.toLocaleString()} new)` : 'Resume') : 'Pause'}
      </Button>
    </Group>
  );
}
