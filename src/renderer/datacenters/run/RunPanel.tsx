import { Alert, Badge, Grid, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import type { RunSnapshot } from '../../../shared/datacenter/plan';
import { StateIcon } from '../components/StateIcon';
import { emptyLogText, formatStepDuration, outcomeLook, stepLook } from '../lib/looks';
import { focusStepId, runTally } from '../lib/run-reducer';
import { FailureText } from './FailureText';
import { RollbackNote } from './RollbackNote';
import { LogView } from './LogView';
import { StepList } from './StepList';

function useElapsed(snapshot: RunSnapshot): number | undefined {
  const running = snapshot.outcome === 'running';
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [running]);
  if (!running) return snapshot.durationMs;
  const started = Date.parse(snapshot.startedAt);
  return Number.isNaN(started) ? undefined : Math.max(0, now - started);
}

/**
 * A run (deploy or take-down) as it happens: overall progress, the steps grouped by component
 * with state icons, progress bars and durations (several steps run at once), and the log of one
 * running step (or the failed, or the clicked one).
 * `actions` are the buttons for this run (Cancel, Retry, Continue).
 */
export function RunPanel({ snapshot, title, actions }: { snapshot: RunSnapshot; title?: string; actions?: ReactNode }) {
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const look = outcomeLook(snapshot.outcome, snapshot.operation);
  const tally = runTally(snapshot);
  const elapsed = useElapsed(snapshot);
  const focus = picked !== undefined && snapshot.steps[picked] !== undefined ? picked : focusStepId(snapshot);
  const focusAction = snapshot.actions.find((a) => a.id === focus);
  const focusStep = focus !== undefined ? snapshot.steps[focus] : undefined;
  const running = snapshot.outcome === 'running';

  return (
    <Paper
      withBorder
      radius="md"
      p="lg"
      data-testid="run-panel"
      data-outcome={snapshot.outcome}
      data-run-id={snapshot.runId}
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <StateIcon look={look} size={30} />
            <div>
              <Title order={4} data-testid="run-outcome">
                {title ?? look.label}
              </Title>
              <Text size="sm" c="dimmed">
                {tally.done} of {tally.total} steps done
                {tally.failed > 0 ? ` · ${tally.failed} failed` : ''}
                {elapsed !== undefined ? ` · ${running ? 'running for ' : 'took '}${formatStepDuration(elapsed)}` : ''}
              </Text>
            </div>
          </Group>
          {actions !== undefined && <Group gap="sm">{actions}</Group>}
        </Group>

        <Progress
          value={tally.fraction * 100}
          color={look.color}
          size="md"
          radius="xl"
          striped={running}
          animated={running}
          aria-label="Overall progress"
        />

        {snapshot.error !== undefined && snapshot.outcome === 'failed' && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            title={look.label}
            data-testid="run-error"
          >
            <FailureText message={snapshot.error.message} />
            <RollbackNote error={snapshot.error} />
          </Alert>
        )}

        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <StepList snapshot={snapshot} selectedId={focus} onSelect={setPicked} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Stack gap="xs" pos="sticky" top={76}>
              {focusAction !== undefined && focusStep !== undefined ? (
                <>
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Text fw={600} size="sm" truncate>
                      {focusAction.title}
                    </Text>
                    <Badge variant="light" color={stepLook(focusStep.state, snapshot.outcome).color} style={{ flexShrink: 0 }}>
                      {stepLook(focusStep.state, snapshot.outcome).label}
                    </Badge>
                  </Group>
                  {focusAction.detail !== undefined && (
                    <Text size="xs" c="dimmed">
                      {focusAction.detail}
                    </Text>
                  )}
                  {focusStep.error !== undefined && focusStep.error.message !== snapshot.error?.message && (
                    <Alert color="red" variant="light" p="xs" data-testid="step-error">
                      <FailureText message={focusStep.error.message} />
                    </Alert>
                  )}
                  <LogView lines={focusStep.log} label={`Log of ${focusAction.title}`} height={360} empty={emptyLogText(focusStep.state)} />
                </>
              ) : (
                <Text size="sm" c="dimmed">
                  The log of a running step appears here (click a step to see its own).
                </Text>
              )}
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
    </Paper>
  );
}
