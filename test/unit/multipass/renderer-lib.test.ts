import { describe, expect, it } from 'vitest';
import type { LaunchProgress } from '../../../src/shared/channels/multipass';
import { activeIndex, hostLimits, newJobId, stepsFromEvents, suggestVmName, vmNameProblem, vmStateColor } from '../../../src/renderer/multipass/lib';

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
    // the percentage stays while the step runs on without one (the bar does not jump back)
    expect(steps[2]).toMatchObject({ message: 'Creating bcm', percent: 40, title: 'Launch the VM' });
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
