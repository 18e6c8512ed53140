import { Box, Group, ScrollArea, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { CopyIconButton } from '../../components/CopyIconButton';

/**
 * A step's log lines in a scrolling monospace area that follows new lines while the reader is at
 * the bottom (scrolling up stops following). Text can be selected and copied.
 */
export function LogView({ lines, height = 300, label, empty = 'No output yet.' }: { lines: readonly string[]; height?: number; label: string; /** what an empty log says */ empty?: string }) {
  const viewport = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  useEffect(() => {
    const el = viewport.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  return (
    <Box
      pos="relative"
      bg="var(--mantine-color-default-hover)"
      bd="1px solid var(--mantine-color-default-border)"
      style={{ borderRadius: 'var(--mantine-radius-md)' }}
    >
      {lines.length > 0 && (
        <Group pos="absolute" top={6} right={10} style={{ zIndex: 1 }}>
          <CopyIconButton value={lines.join('\n')} label="Copy log" />
        </Group>
      )}
      <ScrollArea
        h={height}
        viewportRef={viewport}
        onScrollPositionChange={({ y }) => {
          const el = viewport.current;
          if (el) following.current = y + el.clientHeight >= el.scrollHeight - 8;
        }}
        type="auto"
        offsetScrollbars
      >
        <Box
          component="pre"
          tabIndex={0}
          aria-label={label}
          data-testid="run-log"
          m={0}
          p="sm"
          pr={44}
          ff="monospace"
          fz="xs"
          lh={1.55}
          style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', outline: 'none' }}
        >
          {lines.length === 0 ? (
            <Text span c="dimmed" fz="xs" ff="monospace">
              {empty}
            </Text>
          ) : (
            lines.join('\n')
          )}
        </Box>
      </ScrollArea>
    </Box>
  );
}
