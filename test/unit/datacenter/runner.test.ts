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

  describe('with prerequisites (a DAG)', () => {
    // a -> (b, c, d, e) -> f: four independent steps between two
    const dag = new Map<string, string[]>([
      ['create-instance:c0', []],
      ...['c1', 'c2', 'c3', 'c4'].map((c): [string, string[]] => [`create-instance:${c}`, ['create-instance:c0']]),
      ['create-instance:c5', ['create-instance:c1', 'create-instance:c2', 'create-instance:c3', 'create-instance:c4']],
    ]);

    /** Steps that end when the test says so; records which were running together. */
    function gated() {
      const running = new Set<string>();
      const waiters = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
      const together: string[][] = [];
      let arrived: () => void = () => undefined;
      const execute = (action: { target: string }, report: { signal: AbortSignal }) =>
        new Promise<void>((resolve, reject) => {
          running.add(action.target);
          together.push([...running].sort());
          report.signal.addEventListener('abort', () => reject(new BcmError('CANCELLED', 'cancelled')));
          waiters.set(action.target, {
            resolve: () => (running.delete(action.target), resolve()),
            reject: (e) => (running.delete(action.target), reject(e)),
          });
          arrived();
        });
      const until = async (n: number): Promise<void> => {
        while (running.size < n) await new Promise<void>((r) => (arrived = r));
      };
      const end = async (target: string, error?: Error): Promise<void> => {
        const w = waiters.get(target)!;
        if (error) w.reject(error);
        else w.resolve();
        await new Promise((r) => setTimeout(r, 0));
      };
      return { execute, running, together, until, end };
    }

    it('runs ready steps at once up to the limit, each after its prerequisites', async () => {
      const runs = new RunManager();
      const g = gated();
      const { done } = runs.start(plan(6), g.execute, { prerequisites: dag, concurrency: 3 });
      await g.until(1);
      expect([...g.running]).toEqual(['c0']);
      await g.end('c0');
      await g.until(3);
      expect([...g.running].sort()).toEqual(['c1', 'c2', 'c3']); // the limit, in plan order
      await g.end('c2');
      await g.until(3);
      expect([...g.running].sort()).toEqual(['c1', 'c3', 'c4']);
      for (const c of ['c1', 'c3', 'c4']) await g.end(c);
      await g.until(1);
      expect([...g.running]).toEqual(['c5']); // only once all four are done
      await g.end('c5');
      await done;
      expect(runs.snapshot('home')?.outcome).toBe('succeeded');
      expect(Math.max(...g.together.map((t) => t.length))).toBe(3);
    });

    it('a failure starts nothing new, lets the running steps finish, and leaves the rest not run', async () => {
      const runs = new RunManager();
      const g = gated();
      const { done } = runs.start(plan(6), g.execute, { prerequisites: dag, concurrency: 4 });
      await g.until(1);
      await g.end('c0');
      await g.until(4);
      await g.end('c1', new BcmError('LXD_ERROR', 'c1 broke'));
      expect(runs.snapshot('home')?.outcome).toBe('running'); // c2..c4 still run
      await g.end('c2');
      await g.end('c3', new BcmError('TIMEOUT', 'c3 too'));
      await g.end('c4');
      await done;
      const snap = runs.snapshot('home')!;
      expect(snap.outcome).toBe('failed');
      expect(snap.error).toEqual({ code: 'LXD_ERROR', message: 'c1 broke' });
      expect(Object.values(snap.steps).map((s) => s.state)).toEqual(['done', 'failed', 'done', 'failed', 'done', 'pending']);
    });

    it('cancel aborts every running step and cancels the rest', async () => {
      const runs = new RunManager();
      const g = gated();
      const { done } = runs.start(plan(6), g.execute, { prerequisites: dag });
      await g.until(1);
      await g.end('c0');
      await g.until(4);
      expect(runs.cancel('home')).toBe(true);
      await done;
      const snap = runs.snapshot('home')!;
      expect(snap.outcome).toBe('cancelled');
      expect(Object.values(snap.steps).map((s) => s.state)).toEqual(['done', 'cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
    });

    it('steps that wait for each other end the run failed instead of hanging', async () => {
      const runs = new RunManager();
      const cycle = new Map([
        ['create-instance:c0', ['create-instance:c1']],
        ['create-instance:c1', ['create-instance:c0']],
      ]);
      const { done } = runs.start(plan(2), async () => undefined, { prerequisites: cycle });
      await done;
      expect(runs.snapshot('home')).toMatchObject({ outcome: 'failed', error: { code: 'INTERNAL' } });
    });
  });
});
