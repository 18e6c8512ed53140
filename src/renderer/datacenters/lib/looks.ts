import type { DatacenterStatus, RunSnapshot, StepState } from '../../../shared/datacenter/plan';

/** Mantine colour names used by the datacenter screens. */
export type LookColor = 'gray' | 'blue' | 'teal' | 'red' | 'yellow' | 'orange';

export interface Look {
  color: LookColor;
  label: string;
  /** key of the icon the component layer maps to a Tabler icon */
  icon:
    | 'pending'
    | 'running'
    | 'done'
    | 'failed'
    | 'cancelled'
    | 'healthy'
    | 'starting'
    | 'degraded'
    | 'unhealthy'
    | 'stopped'
    | 'missing'
    | 'unknown';
}

const stepLooks: Record<StepState, Look> = {
  pending: { color: 'gray', label: 'Waiting', icon: 'pending' },
  running: { color: 'blue', label: 'Running', icon: 'running' },
  done: { color: 'teal', label: 'Done', icon: 'done' },
  failed: { color: 'red', label: 'Failed', icon: 'failed' },
  cancelled: { color: 'yellow', label: 'Cancelled', icon: 'cancelled' },
};

/** What a step's empty log says: a finished step that printed nothing is not "waiting for output". */
export function emptyLogText(state: StepState): string {
  switch (state) {
    case 'pending':
      return 'Not started yet.';
    case 'running':
      return 'No output yet.';
    case 'done':
      return 'Finished without printing anything.';
    case 'failed':
      return 'Failed before printing anything; the error is above.';
    case 'cancelled':
      return 'Cancelled before it printed anything.';
  }
}

/** A step a failed run never started (it stopped starting new ones at the failure). */
const notRun: Look = { color: 'gray', label: 'Not run', icon: 'pending' };

/** How a step looks; with the run's outcome, a pending step of a finished run reads "Not run". */
export function stepLook(state: StepState, outcome?: RunSnapshot['outcome']): Look {
  return state === 'pending' && outcome !== undefined && outcome !== 'running' ? notRun : stepLooks[state];
}

export type Health = DatacenterStatus['components'][number]['health'];

const healthLooks: Record<Health, Look> = {
  healthy: { color: 'teal', label: 'Healthy', icon: 'healthy' },
  degraded: { color: 'yellow', label: 'Degraded', icon: 'degraded' },
  starting: { color: 'blue', label: 'Starting', icon: 'starting' },
  unhealthy: { color: 'red', label: 'Unhealthy', icon: 'unhealthy' },
  stopped: { color: 'gray', label: 'Stopped', icon: 'stopped' },
  missing: { color: 'orange', label: 'Not deployed', icon: 'missing' },
  unknown: { color: 'gray', label: 'Unknown', icon: 'unknown' },
};

export function healthLook(health: Health): Look {
  return healthLooks[health];
}

export type RunOutcome = RunSnapshot['outcome'];

export function outcomeLook(outcome: RunOutcome, operation: RunSnapshot['operation']): Look {
  const what = operation === 'down' ? 'Take-down' : 'Deploy';
  switch (outcome) {
    case 'running':
      return { color: 'blue', label: operation === 'down' ? 'Taking down' : 'Deploying', icon: 'running' };
    case 'succeeded':
      return { color: 'teal', label: `${what} finished`, icon: 'done' };
    case 'failed':
      return { color: 'red', label: `${what} failed`, icon: 'failed' };
    case 'cancelled':
      return { color: 'yellow', label: `${what} cancelled`, icon: 'cancelled' };
  }
}

export interface HealthSummary {
  /** the worst health across components, for the badge colour */
  overall: Health | 'not-deployed' | 'error';
  label: string;
  healthy: number;
  total: number;
}

const severity: Health[] = ['unhealthy', 'missing', 'stopped', 'starting', 'unknown', 'degraded', 'healthy'];

/** "3 of 4 healthy", "All 4 healthy", "Not deployed", for the list's cards. */
export function summarizeHealth(status: DatacenterStatus): HealthSummary {
  const total = status.components.length;
  const healthy = status.components.filter((c) => c.health === 'healthy').length;
  if (status.error !== undefined) return { overall: 'error', label: 'Status unavailable', healthy, total };
  if (!status.deployed) return { overall: 'not-deployed', label: 'Not deployed', healthy: 0, total };
  const worst = severity.find((h) => status.components.some((c) => c.health === h)) ?? 'unknown';
  if (total > 0 && healthy === total)
    return { overall: 'healthy', label: total === 1 ? 'Healthy' : `All ${total} healthy`, healthy, total };
  return { overall: worst, label: `${healthy} of ${total} healthy`, healthy, total };
}

/** "1.2 s", "48 s", "3 min 5 s": for step durations. */
export function formatStepDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = ms / 1_000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
