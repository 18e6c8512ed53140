import { Group, Progress, Stack, Text, UnstyledButton } from '@mantine/core';
import type { PlanAction, RunSnapshot } from '../../../shared/datacenter/plan';
import { StateIcon } from '../components/StateIcon';
import { formatStepDuration, stepLook } from '../lib/looks';
import { groupPlan } from '../lib/plan-groups';
import classes from './StepList.module.css';
import { explainDeployFailure } from '../lib/deploy-errors';

type Step = RunSnapshot['steps'][string];

function StepRow({
  action,
  step,
  outcome,
  selected,
  onSelect,
}: {
  action: PlanAction;
  step: Step;
  outcome: RunSnapshot['outcome'];
  selected: boolean;
  onSelect: () => void;
}) {
  const look = stepLook(step.state, outcome);
  const showProgress = step.state === 'running' && step.progress !== undefined;
  const note =
    step.state === 'failed'
      ? // a known failure in its sentence; LXD's own text is in the step's panel under Details
        ((step.error && explainDeployFailure(step.error.message)?.sentence) ?? step.error?.message ?? step.message)
      : step.state === 'running'
        ? step.message
        : undefined;
  return (
    <UnstyledButton
      className={classes.row}
      data-selected={selected || undefined}
      data-state={step.state}
      data-testid="run-step"
      data-action-id={action.id}
      aria-pressed={selected}
      aria-label={`${action.title}: ${look.label}`}
      onClick={onSelect}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <StateIcon look={look} size={20} />
        <div style={{ flex: 1, minWidth: 0 }}>
          <Text
            size="sm"
            c={step.state === 'pending' ? 'dimmed' : undefined}
            fw={step.state === 'running' ? 600 : undefined}
          >
            {action.title}
          </Text>
          {note !== undefined && (
            <Text size="xs" c={step.state === 'failed' ? 'red' : 'dimmed'} lineClamp={2}>
              {note}
            </Text>
          )}
          {showProgress && (
            <Progress
              value={(step.progress ?? 0) * 100}
              size="sm"
              mt={6}
              animated
              aria-label={`${action.title} progress`}
            />
          )}
        </div>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} mt={2}>
          {step.durationMs !== undefined
            ? formatStepDuration(step.durationMs)
            : showProgress
              ? `${Math.round((step.progress ?? 0) * 100)} %`
              : ''}
        </Text>
      </Group>
    </UnstyledButton>
  );
}

/** The run's steps grouped by component; a click shows that step's log. */
export function StepList({
  snapshot,
  selectedId,
  onSelect,
}: {
  snapshot: RunSnapshot;
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}) {
  const groups = groupPlan(snapshot.actions);
  return (
    <Stack gap="md" data-testid="run-steps">
      {groups.map((group) => (
        <div key={group.component}>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4} px="xs" style={{ letterSpacing: '0.05em' }}>
            {group.title}
          </Text>
          <Stack gap={2}>
            {group.actions.map((action) => (
              <StepRow
                key={action.id}
                action={action}
                step={snapshot.steps[action.id] ?? { state: 'pending', log: [] }}
                outcome={snapshot.outcome}
                selected={action.id === selectedId}
                onSelect={() => onSelect(action.id)}
              />
            ))}
          </Stack>
        </div>
      ))}
    </Stack>
  );
}
