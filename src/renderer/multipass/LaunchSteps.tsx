import { Loader, Progress, Stack, Text, Timeline } from '@mantine/core';
import { IconCheck, IconPlayerStopFilled, IconX } from '@tabler/icons-react';
import type { LaunchProgress } from '../../shared/channels/multipass';
import { activeIndex, stepsFromEvents, type StepView } from './lib';

function Bullet({ step }: { step: StepView }) {
  if (step.state === 'done') return <IconCheck size={13} stroke={3} />;
  if (step.state === 'running') return <Loader size={12} color="white" type="oval" />;
  if (step.state === 'failed') return <IconX size={13} stroke={3} />;
  if (step.state === 'cancelled') return <IconPlayerStopFilled size={11} />;
  return null;
}

const colors: Record<StepView['state'], string> = { done: 'teal', running: 'blue', failed: 'red', cancelled: 'gray', pending: 'gray' };

/** The launch as a list of steps: what is done, what runs now (with the download's percentage), where it stopped. */
export function LaunchSteps({ events }: { events: readonly LaunchProgress[] }) {
  const steps = stepsFromEvents(events);
  const active = activeIndex(steps);
  return (
    <Timeline active={active} bulletSize={22} lineWidth={2} data-testid="launch-steps" aria-label="Launch steps">
      {steps.map((s) => (
        <Timeline.Item
          key={s.step}
          color={colors[s.state]}
          bullet={<Bullet step={s} />}
          data-step={s.step}
          data-state={s.state}
          title={
            <Text size="sm" fw={s.state === 'running' ? 650 : 500} c={s.state === 'pending' ? 'dimmed' : undefined}>
              {s.title}
            </Text>
          }
        >
          <Stack gap={6} mt={2}>
            {s.message !== undefined && s.state !== 'pending' && (
              <Text size="xs" c={s.state === 'failed' ? 'red' : 'dimmed'} lineClamp={3} data-testid={`step-message-${s.step}`}>
                {s.state === 'failed' ? 'Stopped here (see below); what was made was removed again.' : s.state === 'cancelled' ? 'Cancelled here.' : s.message}
              </Text>
            )}
            {s.state === 'running' && s.step === 'launch' && (
              <Progress
                value={s.percent ?? 100}
                striped={s.percent === undefined}
                animated={s.percent === undefined}
                size="sm"
                radius="xl"
                aria-label={s.percent === undefined ? 'Launching' : `Download ${s.percent}%`}
              />
            )}
          </Stack>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
