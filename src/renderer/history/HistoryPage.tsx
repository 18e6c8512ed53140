import { Alert, Button, Card, Group, Modal, Skeleton, Stack, Text, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconGitCommit, IconInfoCircle, IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import type { HistoryCommit } from '../../shared/channels/store';
import { ErrorAlert } from '../components/ErrorAlert';
import { useRestoreFromHistory, useStoreHistory } from './api';
import { CommitItem } from './CommitItem';
import { FileVersionModal } from './FileVersionModal';
import { groupByDay, isCurrent, shortOid } from './lib';

type Pending = { commit: HistoryCommit; path?: string } | null;

/** Every change BCM made to ~/.bcm, newest first; restore a file or the whole store. */
export function HistoryPage() {
  const history = useStoreHistory();
  const restore = useRestoreFromHistory();
  const [viewing, setViewing] = useState<{ oid: string; path: string } | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const commits = history.data?.commits ?? [];

  const confirm = () => {
    if (!pending) return;
    const input = pending.path !== undefined ? { oid: pending.commit.oid, path: pending.path } : { oid: pending.commit.oid };
    restore.mutate(input, {
      onSuccess: (result) => {
        setPending(null);
        notifications.show({ color: 'teal', title: 'Restored', message: result.message });
      },
    });
  };

  return (
    <Stack gap="lg" maw={1000} mx="auto">
      <div>
        <Title order={2}>History</Title>
        <Text c="dimmed" size="sm" mt={4}>
          ~/.bcm is a git repository: every change BCM makes is a commit. Restoring is a change too, so nothing is lost.
        </Text>
      </div>
      <Alert variant="light" color="gray" icon={<IconLock size={18} />}>
        Secrets (keys, tokens) are never in the history: they stay in ~/.bcm/secrets and in your encrypted backups. Restores here do not touch them.
      </Alert>
      {history.data && history.data.pending.length > 0 && (
        <Alert variant="light" color="yellow" icon={<IconInfoCircle size={18} />} title="Changes not in the history yet" data-testid="pending-changes">
          {history.data.pending.map((f) => `${f.path} (${f.change})`).join(', ')}. They are committed before any restore or backup.
        </Alert>
      )}
      {history.isPending && <Skeleton h={300} radius="md" />}
      {history.isError && <ErrorAlert error={history.error} title="Could not read the history" />}
      {commits.length > 0 && (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="lg" data-testid="history">
            {groupByDay(commits).map((group) => (
              <Stack key={group.day} gap="sm">
                <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                  {group.day}
                </Text>
                <Timeline bulletSize={22} lineWidth={2} active={-1}>
                  {group.commits.map((c) => (
                    <Timeline.Item key={c.oid} bullet={<IconGitCommit size={14} />}>
                      <CommitItem
                        commit={c}
                        current={isCurrent(commits, c.oid)}
                        actions={{
                          onView: (oid, path) => setViewing({ oid, path }),
                          onRestoreFile: (commit, path) => setPending({ commit, path }),
                          onRestoreAll: (commit) => setPending({ commit }),
                        }}
                      />
                    </Timeline.Item>
                  ))}
                </Timeline>
              </Stack>
            ))}
          </Stack>
        </Card>
      )}
      <FileVersionModal oid={viewing?.oid ?? null} path={viewing?.path ?? null} onClose={() => setViewing(null)} />
      <Modal opened={pending !== null} onClose={() => setPending(null)} title={pending?.path ? 'Restore this file?' : 'Restore the whole store?'} centered>
        {pending && (
          <Stack gap="md">
            <Text size="sm">
              {pending.path
                ? `${pending.path} goes back to how it was after “${pending.commit.message}” (${shortOid(pending.commit.oid)}).`
                : `Every file in the history goes back to how it was after “${pending.commit.message}” (${shortOid(pending.commit.oid)}). Files added since are removed.`}
            </Text>
            <Text size="sm" c="dimmed">
              The current state is committed first and the restore is a new commit: you can undo it from here.
            </Text>
            {restore.isError && <ErrorAlert error={restore.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPending(null)}>
                Cancel
              </Button>
              <Button color="orange" onClick={confirm} loading={restore.isPending} data-autofocus>
                Restore
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
