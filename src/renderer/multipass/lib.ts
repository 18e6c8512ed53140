import { launchSteps, launchStepTitles, type LaunchProgress, type LaunchStep, type VmState } from '../../shared/channels/multipass';
import type { ErrorShape } from '../../shared/errors';

/** Pure helpers of the "New VM" flow and the VM panel. No React, no DOM. */

export type StepState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export interface StepView {
  step: LaunchStep;
  title: string;
  state: StepState;
  /** the last thing said about this step */
  message?: string;
  percent?: number;
  error?: ErrorShape;
}

/** Folds a launch's progress events into one row per step. */
export function stepsFromEvents(events: readonly LaunchProgress[]): StepView[] {
  const views = new Map<LaunchStep, StepView>(launchSteps.map((s) => [s, { step: s, title: launchStepTitles[s], state: 'pending' }]));
  for (const e of events) {
    const view = views.get(e.step);
    if (!view) continue;
    view.state = e.state;
    view.message = e.message;
    // a percentage belongs to its message (the download); what follows is open-ended
    if (e.percent !== undefined) view.percent = e.percent;
    else delete view.percent;
    if (e.error) view.error = e.error;
  }
  return launchSteps.map((s) => views.get(s) as StepView);
}

/** Index of the step under way (or the last one reached), for a Stepper/Timeline. */
export function activeIndex(steps: readonly StepView[]): number {
  const i = steps.findIndex((s) => s.state === 'running' || s.state === 'failed' || s.state === 'cancelled');
  if (i >= 0) return i;
  const done = steps.filter((s) => s.state === 'done').length;
  return done;
}

/** "bcm", or "bcm-2", "bcm-3"… when taken (by an endpoint or a VM). */
export function suggestVmName(taken: readonly string[], base = 'bcm'): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; i < 1000; i += 1) if (!taken.includes(`${base}-${i}`)) return `${base}-${i}`;
  return base;
}

/** Same rule as vmNameSchema, for feedback while typing. */
export function vmNameProblem(name: string, taken: readonly string[]): string | null {
  if (name.length === 0) return 'A name is required';
  if (name.length > 40) return 'At most 40 characters';
  if (!/^[a-z]/.test(name)) return 'Must start with a letter';
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name)) return 'Lower-case letters, digits and inner dashes only';
  if (taken.includes(name)) return 'An endpoint with this name exists already';
  return null;
}

export function vmStateColor(state: VmState | undefined): string {
  switch (state) {
    case 'Running':
      return 'teal';
    case 'Starting':
    case 'Restarting':
    case 'Suspending':
    case 'Delayed Shutdown':
      return 'yellow';
    case 'Stopped':
    case 'Suspended':
      return 'gray';
    case 'Deleted':
    case 'Unknown':
      return 'red';
    default:
      return 'gray';
  }
}

/** The largest memory / disk the host allows (the same reserves as main's preflight). */
export function hostLimits(host: { memoryBytes: number; freeDiskBytes: number | null }): { memoryGiB: number; diskGiB: number | null } {
  const GiB = 2 ** 30;
  return {
    memoryGiB: Math.max(1, Math.floor(host.memoryBytes / GiB - 1)),
    diskGiB: host.freeDiskBytes === null ? null : Math.max(0, Math.floor(host.freeDiskBytes / GiB - 2)),
  };
}

/** A random job id the contract accepts. */
export function newJobId(random: () => number = Math.random): string {
  return `vm-${Date.now().toString(36)}-${Math.floor(random() * 2 ** 40).toString(36)}`;
}

/** A snapshot of a launch (from `multipass.jobs`) followed by what the stream brought, without repeats. */
export function mergeEvents(snapshot: readonly LaunchProgress[], streamed: readonly LaunchProgress[]): LaunchProgress[] {
  const key = (e: LaunchProgress) => `${e.at}|${e.step}|${e.state}|${e.message}`;
  const seen = new Set(snapshot.map(key));
  return [...snapshot, ...streamed.filter((e) => !seen.has(key(e)))];
}

/** How a launch ended, from its events: null while it runs. */
export function outcomeOf(events: readonly LaunchProgress[]): { kind: 'done' } | { kind: 'failed'; error: ErrorShape } | null {
  const last = events[events.length - 1];
  if (!last) return null;
  if (last.step === 'endpoint' && last.state === 'done') return { kind: 'done' };
  if (last.state === 'failed' || last.state === 'cancelled') return { kind: 'failed', error: last.error ?? { code: last.state === 'cancelled' ? 'CANCELLED' : 'INTERNAL', message: last.message } };
  return null;
}
