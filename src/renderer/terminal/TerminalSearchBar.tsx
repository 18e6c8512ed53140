import { ActionIcon, Group, Text, TextInput, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconLetterCase, IconRegex, IconX } from '@tabler/icons-react';
import type { SearchAddon } from '@xterm/addon-search';
import { useEffect, useState } from 'react';
import { searchDecorations } from './xterm-theme';

/** Find in the terminal's scrollback (xterm's search addon), with match highlighting. */
export function TerminalSearchBar({ search, onClose }: { search: SearchAddon; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [regex, setRegex] = useState(false);
  const [result, setResult] = useState<{ index: number; count: number } | null>(null);

  useEffect(() => {
    const sub = search.onDidChangeResults(({ resultIndex, resultCount }) => setResult({ index: resultIndex, count: resultCount }));
    return () => sub.dispose();
  }, [search]);

  type Query = { query: string; caseSensitive: boolean; regex: boolean };
  const run = (q: Query, direction: 'next' | 'previous', incremental = false): void => {
    if (q.query === '') {
      search.clearDecorations();
      setResult(null);
      return;
    }
    const options = { caseSensitive: q.caseSensitive, regex: q.regex, decorations: searchDecorations };
    try {
      if (direction === 'next') search.findNext(q.query, { ...options, incremental });
      else search.findPrevious(q.query, options);
    } catch {
      setResult({ index: -1, count: 0 }); // an unfinished regular expression
    }
  };
  const current: Query = { query, caseSensitive, regex };
  const change = (next: Partial<Query>): void => {
    const q = { ...current, ...next };
    setQuery(q.query);
    setCaseSensitive(q.caseSensitive);
    setRegex(q.regex);
    run(q, 'next', true);
  };
  const find = (direction: 'next' | 'previous'): void => run(current, direction);

  const close = (): void => {
    search.clearDecorations();
    onClose();
  };

  return (
    <Group gap={6} px="xs" py={4} wrap="nowrap" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <TextInput
        size="xs"
        autoFocus
        placeholder="Find in terminal"
        aria-label="Find in terminal"
        value={query}
        onChange={(e) => change({ query: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter') find(e.shiftKey ? 'previous' : 'next');
          if (e.key === 'Escape') close();
        }}
        style={{ flex: '0 1 280px' }}
      />
      <Text size="xs" c="dimmed" miw={70} data-testid="terminal-search-count">
        {result === null ? '' : result.count === 0 ? 'No matches' : `${result.index + 1} of ${result.count}`}
      </Text>
      <Tooltip label="Match case">
        <ActionIcon size="sm" variant={caseSensitive ? 'filled' : 'subtle'} color="gray" aria-label="Match case" onClick={() => change({ caseSensitive: !caseSensitive })}>
          <IconLetterCase size={15} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Regular expression">
        <ActionIcon size="sm" variant={regex ? 'filled' : 'subtle'} color="gray" aria-label="Regular expression" onClick={() => change({ regex: !regex })}>
          <IconRegex size={15} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Previous (Shift+Enter)">
        <ActionIcon size="sm" variant="subtle" color="gray" aria-label="Previous match" onClick={() => find('previous')}>
          <IconArrowUp size={15} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Next (Enter)">
        <ActionIcon size="sm" variant="subtle" color="gray" aria-label="Next match" onClick={() => find('next')}>
          <IconArrowDown size={15} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Close (Esc)">
        <ActionIcon size="sm" variant="subtle" color="gray" aria-label="Close search" onClick={close}>
          <IconX size={15} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
