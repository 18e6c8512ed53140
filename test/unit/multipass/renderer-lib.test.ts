import { describe, expect, it } from 'vitest';
import type { LaunchProgress } from '../../../src/shared/channels/multipass';
import { activeIndex, hostLimits, mergeEvents, newJobId, outcomeOf, stepsFromEvents, suggestVmName, vmNameProblem, vmStateColor } from '../../../src/renderer/multipass/lib';

const ev = (step: LaunchProgress['step'], state: LaunchProgress['state'], message: string, percent?: number): LaunchProgress => ({
  jobId: 'job-1',
  name: 'bcm',
  step,
  state,
  message,
  at: '2026-01-01T00:00:00Z',
  ...(percent === undefined ? {} : { percent }),
});

describe('the New VM flow’s pure helpers', () => {
  it('folds progress into one row per step, in order', () => {
    const steps = stepsFromEvents([
      ev('preflight', 'running', 'Checking'),
      ev('preflight', 'done', 'Room for it'),
      ev('prepare', 'done', 'Saved'),
      ev('launch', 'running', 'Retrieving image: 40%', 40),
      ev('launch', 'running', 'Creating bcm'),
    ]);
    expect(steps.map((s) => [s.step, s.state])).toEqual([
      ['preflight', 'done'],
      ['prepare', 'done'],
      ['launch', 'running'],
      ['setup', 'pending'],
      ['lxd', 'pending'],
      ['enrol', 'pending'],
      ['endpoint', 'pending'],
    ]);
    // after the download, the step runs on open-ended (no stale percentage)
    expect(steps[2]).toMatchObject({ message: 'Creating bcm', title: 'Launch the VM' });
    expect(steps[2]?.percent).toBeUndefined();
    expect(stepsFromEvents([ev('launch', 'running', 'Retrieving image: 40%', 40)])[2]?.percent).toBe(40);
    expect(activeIndex(steps)).toBe(2);
  });

  it('marks where a launch stopped, with its error', () => {
    const steps = stepsFromEvents([ev('setup', 'running', 'Waiting'), { ...ev('setup', 'failed', 'cloud-init failed'), error: { code: 'PRECONDITION_FAILED', message: 'cloud-init failed' } }]);
    expect(steps[3]).toMatchObject({ state: 'failed', error: { code: 'PRECONDITION_FAILED' } });
    expect(activeIndex(steps)).toBe(3);
    expect(activeIndex(stepsFromEvents([]))).toBe(0);
  });

  it('suggests a free name and checks one while typing', () => {
    expect(suggestVmName([])).toBe('bcm');
    expect(suggestVmName(['bcm', 'bcm-2'])).toBe('bcm-3');
    expect(vmNameProblem('bcm', [])).toBeNull();
    expect(vmNameProblem('2bcm', [])).toMatch(/start with a letter/);
    expect(vmNameProblem('Bcm', [])).toMatch(/start with a letter/);
    expect(vmNameProblem('bcm-', [])).toMatch(/inner dashes/);
    expect(vmNameProblem('bcm', ['bcm'])).toMatch(/exists already/);
    expect(vmNameProblem('b'.repeat(41), [])).toMatch(/40/);
  });

  it('gives limits like main’s preflight, colours and job ids', () => {
    expect(hostLimits({ memoryBytes: 16 * 2 ** 30, freeDiskBytes: 100 * 2 ** 30 })).toEqual({ memoryGiB: 15, diskGiB: 98 });
    expect(hostLimits({ memoryBytes: 2 ** 30, freeDiskBytes: null })).toEqual({ memoryGiB: 1, diskGiB: null });
    expect(vmStateColor('Running')).toBe('teal');
    expect(vmStateColor('Stopped')).toBe('gray');
    expect(newJobId(() => 0.5)).toMatch(/^vm-[a-z0-9]+-[a-z0-9]+$/);
  });
});

describe('a launch picked up again after a reload', () => {
  it('merges the snapshot with the stream without repeats, and tells how it ended', () => {
    const a = ev('preflight', 'done', 'ok');
    const b = ev('launch', 'running', 'Creating bcm');
    const c = { ...ev('endpoint', 'done', 'Endpoint bcm'), at: '2026-01-01T00:00:09Z' };
    expect(mergeEvents([a, b], [b, c])).toEqual([a, b, c]);
    expect(outcomeOf([a, b])).toBeNull();
    expect(outcomeOf([a, b, c])).toEqual({ kind: 'done' });
    expect(outcomeOf([a, ev('setup', 'cancelled', 'Cancelled.')])).toEqual({ kind: 'failed', error: { code: 'CANCELLED', message: 'Cancelled.' } });
    expect(outcomeOf([])).toBeNull();
  });
});
