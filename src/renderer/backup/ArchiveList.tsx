import { Button, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { IconFileZip } from '@tabler/icons-react';
import { formatBytes, formatDate } from '../lib/format';
import { errorMessage } from '../lib/errors';
import { useArchives } from './api';

/** The archives in the backup folder, newest first; choosing one fills the path. */
export function ArchiveList({ folder, selected, onChoose }: { folder: string; selected: string; onChoose: (path: string) => void }) {
  const archives = useArchives(folder);
  const list = archives.data?.archives ?? [];
  if (archives.isPending) return null;
  if (archives.isError) {
    return (
      <Text size="sm" c="red" data-testid="archive-list-error">
        {errorMessage(archives.error)}
      </Text>
    );
  }
  if (list.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No archives in {folder} yet. Type the path of one that is elsewhere.
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        In {folder}
      </Text>
      <ScrollArea.Autosize mah={200} type="auto" scrollbars="y">
        <Stack gap={4} data-testid="archive-list">
          {list.map((a) => (
            <Paper key={a.path} withBorder radius="sm" px="sm" py={6} bg={a.path === selected ? 'var(--mantine-primary-color-light)' : undefined}>
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <IconFileZip size={18} stroke={1.6} style={{ flexShrink: 0 }} />
                <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                  <Text size="sm" ff="monospace" truncate="end" title={a.name}>
                    {a.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDate(a.modifiedAt)} · {formatBytes(a.size)}
                  </Text>
                </Stack>
                <Button size="compact-xs" variant="light" onClick={() => onChoose(a.path)} aria-label={`Choose ${a.name}`} style={{ flexShrink: 0 }}>
                  Choose
                </Button>
              </Group>
            </Paper>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Stack>
  );
}
