import { Button, Group, Paper, Text } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { useState } from 'react';
import type { DatacenterRun } from '../../api/use-datacenter-run';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatRelative } from '../../lib/format';
import { StateIcon } from '../components/StateIcon';
import { formatStepDuration, outcomeLook } from '../lib/looks';
import { RunActions } from '../run/RunActions';
import { RunPanel } from '../run/RunPanel';

/**
 * The datacenter's current or last run. A run going on, one that failed or was cancelled, or one
 * watched on this page is shown whole; an older successful run is one line that can be opened.
 */
export function RunSection({ run }: { run: DatacenterRun }) {
  const [watched, setWatched] = useState<string | null>(null);
  const [expanded, setExpanded] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const snapshot = run.snapshot;
  const runningId = snapshot?.outcome === 'running' ? snapshot.runId : null;
  // a run seen going on this page stays shown whole after it succeeds
  if (runningId !== null && watched !== runningId) setWatched(runningId);

  if (snapshot === null) return null;
  const look = outcomeLook(snapshot.outcome, snapshot.operation);
  const whole = snapshot.outcome !== 'succeeded' || watched === snapshot.runId || expanded;

  if (!whole) {
    return (
      <Paper withBorder radius="md" px="md" py="sm" data-testid="last-run">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <StateIcon look={look} size={20} />
            <Text size="sm">
              {look.label} {formatRelative(snapshot.startedAt)}
              {snapshot.durationMs !== undefined ? ` · took ${formatStepDuration(snapshot.durationMs)}` : ''}
            </Text>
          </Group>
          <Button
            size="xs"
            variant="subtle"
            rightSection={<IconChevronDown size={14} />}
            onClick={() => setExpanded(true)}
          >
            Show steps
          </Button>
        </Group>
      </Paper>
    );
  }
  return (
    <>
      <RunPanel snapshot={snapshot} actions={<RunActions snapshot={snapshot} onError={setActionError} />} />
      {actionError !== null && <ErrorAlert error={actionError} />}
    </>
  );
}
