import { Button, Card, FileButton, Group, Modal, PasswordInput, SegmentedControl, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconFileSearch, IconRestore } from '@tabler/icons-react';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { errorCode } from '../lib/errors';
import { useCancelJob, useInspectArchive, useJobProgress, useRunRestore } from './api';
import { ArchiveList } from './ArchiveList';
import { JobProgressView } from './JobProgressView';
import { errorField, fileName, newJobId } from './lib';
import { ManifestView } from './ManifestView';
import { RestoreReportView } from './RestoreReportView';

/**
 * Restore: pick an archive (typed, pasted, or from the list of any folder: the backup folder by
 * default, a USB stick or Downloads when asked), enter the passphrase, or give the backup key's
 * identity (its file, or the AGE-SECRET-KEY-1… line) for a scheduled backup, see the manifest,
 * then restore. The current ~/.bcm is moved aside, never deleted.
 */
export function RestoreCard({ folder }: { folder: string }) {
  const [path, setPath] = useState('');
  // where the list looks: the backup folder unless the owner points elsewhere
  const [lookIn, setLookIn] = useState<string | null>(null);
  const [listed] = useDebouncedValue((lookIn ?? folder).trim() || folder, 300);
  const [passphrase, setPassphrase] = useState('');
  const [using, setUsing] = useState<'passphrase' | 'identity'>('passphrase');
  const [identity, setIdentity] = useState('');
  const unlock = using === 'passphrase' ? { passphrase } : { identity };
  const hasUnlock = using === 'passphrase' ? passphrase.length > 0 : identity.trim().length > 0;
  const [confirming, setConfirming] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const inspect = useInspectArchive();
  const run = useRunRestore();
  const cancel = useCancelJob();
  const progress = useJobProgress(jobId);
  const opened = inspect.isSuccess && inspect.variables?.path === path.trim() ? inspect.data : undefined;
  const field = errorField(inspect.error ?? run.error);

  const choose = (p: string) => {
    setPath(p);
    inspect.reset();
    run.reset();
  };
  const open = () => {
    run.reset();
    inspect.mutate({ path: path.trim(), ...unlock });
  };
  const restore = () => {
    setConfirming(false);
    const id = newJobId();
    setJobId(id);
    run.mutate(
      { jobId: id, path: path.trim(), ...unlock },
      {
        onSettled: () => setJobId(null),
        onSuccess: () => {
          setPassphrase('');
          setIdentity('');
        },
      },
    );
  };

  return (
    <Card withBorder radius="md" padding="lg" data-testid="restore-card">
      <Stack gap="md">
        <Group gap="sm">
          <IconRestore size={22} stroke={1.6} />
          <Title order={4}>Restore</Title>
        </Group>
        <TextInput
          label="Look in"
          description="Any folder on this computer: the backup folder, a USB stick, Downloads…"
          value={lookIn ?? folder}
          onChange={(e) => setLookIn(e.currentTarget.value)}
          disabled={jobId !== null}
          spellCheck={false}
        />
        <ArchiveList folder={listed} selected={path.trim()} onChoose={choose} />
        <TextInput
          label="Archive"
          description="The path of a BCM backup (*.age), or choose one above."
          placeholder="/home/you/bcm-backups/bcm-backup-….age"
          value={path}
          onChange={(e) => choose(e.currentTarget.value)}
          error={field === 'path' ? true : undefined}
          disabled={jobId !== null}
        />
        <SegmentedControl
          value={using}
          onChange={(v) => {
            setUsing(v === 'identity' ? 'identity' : 'passphrase');
            inspect.reset();
          }}
          data={[
            { value: 'passphrase', label: 'With the passphrase' },
            { value: 'identity', label: 'With the backup key' },
          ]}
          disabled={jobId !== null}
          aria-label="What opens the archive"
        />
        {using === 'passphrase' ? (
          <PasswordInput
            label="Passphrase"
            description="The one-click backup's passphrase, or the one your backup key was derived from."
            value={passphrase}
            onChange={(e) => {
              setPassphrase(e.currentTarget.value);
              inspect.reset();
            }}
            error={field === 'passphrase' || errorCode(inspect.error) === 'AUTH_FAILED' ? true : undefined}
            disabled={jobId !== null}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && path.trim() && passphrase && !opened) open();
            }}
          />
        ) : (
          <Stack gap={6}>
            <Textarea
              label="Identity"
              description="The key file you saved when you set up the backup key, or its AGE-SECRET-KEY-1… line."
              placeholder="AGE-SECRET-KEY-1…"
              autosize
              minRows={2}
              maxRows={5}
              value={identity}
              onChange={(e) => {
                setIdentity(e.currentTarget.value);
                inspect.reset();
              }}
              error={field === 'identity' || errorCode(inspect.error) === 'AUTH_FAILED' ? true : undefined}
              disabled={jobId !== null}
              spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
            />
            <Group>
              <FileButton onChange={(file) => void file?.text().then((t) => (setIdentity(t), inspect.reset()))} accept=".txt,.key,text/plain">
                {(props) => (
                  <Button {...props} size="xs" variant="default" disabled={jobId !== null}>
                    Load the key file…
                  </Button>
                )}
              </FileButton>
            </Group>
          </Stack>
        )}
        {!opened && (
          <Group>
            <Button variant="light" leftSection={<IconFileSearch size={16} />} onClick={open} loading={inspect.isPending} disabled={!path.trim() || !hasUnlock}>
              Open archive
            </Button>
          </Group>
        )}
        {inspect.isError && <ErrorAlert error={inspect.error} title="This archive cannot be opened" />}
        {opened && (
          <>
            <ManifestView manifest={opened.manifest} archiveSize={opened.archiveSize} />
            {jobId !== null ? (
              <JobProgressView progress={progress} onCancel={() => cancel.mutate(jobId)} cancelling={cancel.isPending} />
            ) : (
              !run.isSuccess && (
                <Group>
                  <Button color="orange" leftSection={<IconRestore size={16} />} onClick={() => setConfirming(true)}>
                    Restore into {opened.target}
                  </Button>
                </Group>
              )
            )}
          </>
        )}
        {run.isError && <ErrorAlert error={run.error} title={errorCode(run.error) === 'CANCELLED' ? 'Restore cancelled' : 'Nothing was restored'} />}
        {run.isSuccess && <RestoreReportView report={run.data} />}
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Restore this archive?" centered>
        <Stack gap="md">
          <Text size="sm">
            {opened?.targetHasStore
              ? `Your current ${opened.target} will be moved aside to ${opened.target}.before-restore-<time> and kept: nothing is deleted. Any changes not yet in its history are committed there first.`
              : `It will be restored into ${opened?.target ?? '~/.bcm'}.`}
          </Text>
          <Text size="sm" c="dimmed">
            Every file is checked against the SHA-256 in the manifest before anything is moved. From {fileName(path)}.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep my store
            </Button>
            <Button color="orange" onClick={restore} data-autofocus>
              Restore
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
