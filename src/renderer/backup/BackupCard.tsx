import { Alert, Badge, Button, Card, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconArchive, IconCircleCheck, IconFolder } from '@tabler/icons-react';
import { useState } from 'react';
import { MIN_PASSPHRASE, type BackupStatus } from '../../shared/channels/store';
import { CopyIconButton } from '../components/CopyIconButton';
import { ErrorAlert } from '../components/ErrorAlert';
import { errorCode } from '../lib/errors';
import { formatBytes, formatRelative } from '../lib/format';
import { useCancelJob, useCreateBackup, useJobProgress } from './api';
import { JobProgressView } from './JobProgressView';
import { checkPassphrase, errorField, freshness, newJobId } from './lib';

/** One click backs up: folder, passphrase twice, progress, and where the archive went. */
export function BackupCard({ status }: { status: BackupStatus }) {
  const [folder, setFolder] = useState(status.settings.folder);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const create = useCreateBackup();
  const cancel = useCancelJob();
  const progress = useJobProgress(jobId);
  const check = checkPassphrase(passphrase, confirm, MIN_PASSPHRASE);
  const last = status.lastBackup;
  const fresh = freshness(last);

  const start = () => {
    const id = newJobId();
    setJobId(id);
    create.mutate(
      { jobId: id, passphrase, folder: folder.trim() },
      {
        onSuccess: () => {
          setPassphrase('');
          setConfirm('');
        },
        onSettled: () => setJobId(null),
      },
    );
  };

  return (
    <Card withBorder radius="md" padding="lg" data-testid="backup-card">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <IconArchive size={22} stroke={1.6} />
            <Title order={4}>Back up</Title>
          </Group>
          <Badge color={fresh.color} variant="light" data-testid="backup-freshness">
            {fresh.label}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          One encrypted archive of ~/.bcm (endpoints, datacenter specs, keys, history) and each Lightning node&apos;s static
          channel backup, in the standard age format: <Text span ff="monospace">age -d</Text> opens it too.
        </Text>
        {last && (
          <Stack gap={0} data-testid="last-backup">
            <Text size="sm">
              Last backup {formatRelative(last.at)} · {formatBytes(last.size)} · {last.members} files
            </Text>
            <Group gap={4} wrap="nowrap">
              <Text size="xs" c="dimmed" ff="monospace" truncate="end" style={{ minWidth: 0 }} title={last.path}>
                {last.path}
              </Text>
              <CopyIconButton value={last.path} label="Copy the archive's path" />
            </Group>
          </Stack>
        )}
        <TextInput
          label="Folder"
          description="Put it on another disk, or copy the archive off this machine afterwards."
          leftSection={<IconFolder size={16} />}
          value={folder}
          onChange={(e) => setFolder(e.currentTarget.value)}
          disabled={jobId !== null}
          error={errorField(create.error) === 'folder' || errorCode(create.error) === 'PERMISSION_DENIED' ? true : undefined}
        />
        <Group grow align="flex-start">
          <PasswordInput
            label="Passphrase"
            description="Needed to restore. BCM cannot recover it."
            value={passphrase}
            onChange={(e) => setPassphrase(e.currentTarget.value)}
            error={check.error}
            disabled={jobId !== null}
            autoComplete="new-password"
          />
          <PasswordInput
            label="Passphrase again"
            description="The same, to catch a typo."
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            error={check.confirmError}
            disabled={jobId !== null}
            autoComplete="new-password"
            onKeyDown={(e) => {
              if (e.key === 'Enter' && check.ok && jobId === null) start();
            }}
          />
        </Group>
        {jobId !== null ? (
          <JobProgressView progress={progress} onCancel={() => cancel.mutate(jobId)} cancelling={cancel.isPending} />
        ) : (
          <Group>
            <Button leftSection={<IconArchive size={16} />} onClick={start} disabled={!check.ok || folder.trim() === ''}>
              Back up now
            </Button>
          </Group>
        )}
        {create.isError && <ErrorAlert error={create.error} title={errorCode(create.error) === 'CANCELLED' ? 'Backup cancelled' : 'The backup failed'} />}
        {create.isSuccess && jobId === null && (
          <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title="Backup written" data-testid="backup-result">
            <Stack gap={4}>
              <Group gap={4} wrap="nowrap">
                <Text size="sm" ff="monospace" truncate="end" style={{ minWidth: 0 }} data-testid="backup-path">
                  {create.data.path}
                </Text>
                <CopyIconButton value={create.data.path} label="Copy the archive's path" />
              </Group>
              <Text size="sm">
                {formatBytes(create.data.size)} · {create.data.members} files verified by SHA-256 in its manifest ·{' '}
                {create.data.channelBackups.length} channel backup(s) · {create.data.seconds.toFixed(1)} s
              </Text>
              {create.data.notes.map((n) => (
                <Text key={n} size="sm" c="orange">
                  {n}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
