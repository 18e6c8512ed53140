import { describe, expect, it } from 'vitest';
import { BcmError } from '../../../src/shared/errors';
import type { Plan, RunEvent } from '../../../src/shared/datacenter/plan';
import { reduceRun, replayRun } from '../../../src/shared/datacenter/run-reducer';
import { RunManager } from '../../../src/main/datacenter/runner';

const plan = (n: number): Plan => ({
  datacenter: 'home',
  endpoint: 'local',
  project: 'bcm-home',
  operation: 'apply',
  blockers: [],
  actions: Array.from({ length: n }, (_, i) => ({ id: `create-instance:c${i}`, kind: 'create-instance' as const, component: 'btcd' as const, target: `c${i}`, title: `Create c${i}` })),
});

describe('RunManager', () => {
  it('runs every step with progress and logs, and keeps a snapshot', async () => {
    const runs = new RunManager();
    const events: RunEvent[] = [];
    runs.subscribe('home', (e) => events.push(e));
    const { done } = runs.start(plan(3), async (action, report) => {
      report.log(`doing ${action.target}`);
      report.progress(0.5, 'half');
    });
    await done;
    expect(events.map((e) => e.type)).toEqual(['started', ...Array(3).fill(['step', 'log', 'step', 'step']).flat(), 'finished']);
    const snap = runs.snapshot('home')!;
    expect(snap.outcome).toBe('succeeded');
    expect(Object.values(snap.steps).map((s) => s.state)).toEqual(['done', 'done', 'done']);
    expect(snap.steps['create-instance:c1']?.log).toEqual(['doing c1']);
    // a late subscriber rebuilds the same snapshot from the replay
    expect(replayRun(snap).reduce((s, e) => reduceRun(s, e), null as ReturnType<typeof reduceRun>)).toEqual({ ...snap, steps: Object.fromEntries(Object.entries(snap.steps).map(([k, v]) => [k, { ...v, progress: 0.5, message: 'half' }])) });
  });

  it('stops at a failed step with its typed error; the rest stay pending', async () => {
    const runs = new RunManager();
    const { done } = runs.start(plan(3), async (action) => {
      if (action.target === 'c1') throw new BcmError('CHECKSUM_MISMATCH', 'bad file');
    });
    await done;
    const snap = runs.snapshot('home')!;
    expect(snap.outcome).toBe('failed');
    expect(snap.error).toEqual({ code: 'CHECKSUM_MISMATCH', message: 'bad file' });
    expect(Object.values(snap.steps).map((s) => s.state)).toEqual(['done', 'failed', 'pending']);
  });

  it('cancels the running step and skips the rest; one run at a time', async () => {
    const runs = new RunManager();
    let started!: () => void;
    const inStep = new Promise<void>((r) => (started = r));
    const { done } = runs.start(plan(3), (_a, report) =>
      new Promise<void>((_resolve, reject) => {
        started();
        report.signal.addEventListener('abort', () => reject(new BcmError('CANCELLED', 'cancelled')));
      }),
    );
    await inStep;
    expect(() => runs.start(plan(1), async () => undefined)).toThrow(/already being changed/);
    expect(runs.cancel('home')).toBe(true);
    await done;
    const snap = runs.snapshot('home')!;
    expect(snap.outcome).toBe('cancelled');
    expect(Object.values(snap.steps).map((s) => s.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(runs.cancel('home')).toBe(false);
  });
});
