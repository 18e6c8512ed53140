import { ActionIcon, Badge, Button, Group, Menu, Stack, Text, Tooltip } from '@mantine/core';
import { IconDots, IconEye, IconFileArrowLeft, IconHistory } from '@tabler/icons-react';
import type { HistoryCommit } from '../../shared/channels/store';
import { CopyIconButton } from '../components/CopyIconButton';
import { CHANGE_COLORS, shortOid, timeOfDay } from './lib';

export interface CommitActions {
  onView: (oid: string, path: string) => void;
  onRestoreFile: (commit: HistoryCommit, path: string) => void;
  onRestoreAll: (commit: HistoryCommit) => void;
}

/** One commit: its message, when, what it changed, and the restore actions. */
export function CommitItem({ commit, current, actions }: { commit: HistoryCommit; current: boolean } & { actions: CommitActions }) {
  return (
    <Stack gap={6} data-testid={`commit-${shortOid(commit.oid)}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text fw={500} size="sm" data-testid="history-message">
            {commit.message}
          </Text>
          <Group gap={6}>
            <Text size="xs" c="dimmed">
              {timeOfDay(commit.time)} ·
            </Text>
            <Text size="xs" c="dimmed" ff="monospace">
              {shortOid(commit.oid)}
            </Text>
            <CopyIconButton value={commit.oid} label="Copy the commit id" />
            {current && (
              <Badge size="xs" variant="light">
                current
              </Badge>
            )}
          </Group>
        </Stack>
        {!current && (
          <Tooltip label="Make the whole store as it was after this change (the current state is kept in the history)">
            <Button size="compact-xs" variant="light" color="orange" leftSection={<IconHistory size={14} />} onClick={() => actions.onRestoreAll(commit)}>
              Restore store to here
            </Button>
          </Tooltip>
        )}
      </Group>
      <Group gap={6} wrap="wrap">
        {commit.files.map((f) => (
          <Group key={f.path} gap={0} wrap="nowrap">
            <Badge variant="light" color={CHANGE_COLORS[f.change]} radius="sm" tt="none" style={{ borderTopRightRadius: 0, borderBottomRightRadius: 0 }}>
              {f.change === 'added' ? '+' : f.change === 'deleted' ? '−' : '~'} {f.path}
            </Badge>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon size={20} variant="light" color={CHANGE_COLORS[f.change]} aria-label={`Actions for ${f.path} at ${shortOid(commit.oid)}`} style={{ borderTopLeftRadius: 0, borderBottomLeftRadius: 0 }}>
                  <IconDots size={12} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconEye size={14} />} onClick={() => actions.onView(commit.oid, f.path)}>
                  View this version
                </Menu.Item>
                <Menu.Item leftSection={<IconFileArrowLeft size={14} />} disabled={current} onClick={() => actions.onRestoreFile(commit, f.path)}>
                  Restore this file to this version
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        ))}
      </Group>
    </Stack>
  );
}
