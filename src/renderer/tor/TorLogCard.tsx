import { Badge, Card, Group, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTorLogs } from './api';
import { severityColor } from './lib';

/** The last lines Tor wrote (notices, warnings, errors), following new ones. */
export function TorLogCard() {
  const logs = useTorLogs();
  const viewport = useRef<HTMLDivElement>(null);
  const scrolledOnce = useRef(false);
  const lines = logs.data ?? [];
  // newest lines stay in view, unless the user scrolled up to read older ones
  useEffect(() => {
    const el = viewport.current;
    if (!el || lines.length === 0) return;
    if (!scrolledOnce.current || el.scrollHeight - el.scrollTop - el.clientHeight < 80) el.scrollTo({ top: el.scrollHeight });
    scrolledOnce.current = true;
  }, [lines.length]);
  return (
    <Card component="section" aria-label="Recent Tor log lines">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} fz="lg">
            Recent log lines
          </Title>
          <Text size="xs" c="dimmed">
            {lines.length} line{lines.length === 1 ? '' : 's'}
          </Text>
        </Group>
        <ScrollArea h={260} viewportRef={viewport} type="auto" data-testid="tor-log">
          {lines.length === 0 ? (
            <Text size="sm" c="dimmed" py="md">
              Tor has not written anything yet. Lines appear here while it starts and runs.
            </Text>
          ) : (
            <Stack gap={2}>
              {lines.map((l, i) => (
                <Group key={`${l.at}-${i}`} gap="xs" wrap="nowrap" align="flex-start">
                  <Text size="xs" c="dimmed" ff="monospace" style={{ flexShrink: 0 }}>
                    {new Date(l.at).toLocaleTimeString()}
                  </Text>
                  <Badge size="xs" variant="light" color={severityColor(l.severity)} w={54} style={{ flexShrink: 0 }}>
                    {l.severity}
                  </Badge>
                  <Text size="xs" ff="monospace" style={{ wordBreak: 'break-word' }}>
                    {l.message}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </ScrollArea>
      </Stack>
    </Card>
  );
}
