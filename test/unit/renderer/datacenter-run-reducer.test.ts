import { describe, expect, it } from 'vitest';
import type { PlanAction, RunEvent, RunSnapshot } from '../../../src/shared/datacenter/plan';
import {
  LOG_LINES_KEPT,
  applyBufferedEvents,
  focusStepId,
  reduceRunEvent,
  runTally,
  tailOverlap,
} from '../../../src/renderer/datacenters/lib/run-reducer';

const actions: PlanAction[] = [
  { id: 'create-project:bcm-t', kind: 'create-project', component: 'datacenter', target: 'bcm-t', title: 'Create project bcm-t' },
  { id: 'create-instance:gateway', kind: 'create-instance', component: 'gateway', target: 'gateway', title: 'Create container gateway' },
  { id: 'wait-healthy:gateway', kind: 'wait-healthy', component: 'gateway', target: 'gateway', title: 'Wait until gateway is healthy' },
];

const started: RunEvent = { type: 'started', runId: 'r1', datacenter: 't', operation: 'apply', actions, at: '2026-01-01T00:00:00Z' };
const fold = (events: RunEvent[], from: RunSnapshot | null = null) => events.reduce(reduceRunEvent, from);

describe('reduceRunEvent', () => {
  it('starts a run with every step pending', () => {
    const s = fold([started]);
    expect(s?.outcome).toBe('running');
    expect(s?.startedAt).toBe('2026-01-01T00:00:00Z');
    expect(Object.values(s?.steps ?? {}).map((x) => x.state)).toEqual(['pending', 'pending', 'pending']);
  });

  it('follows steps, progress, logs and the finish', () => {
    const s = fold([
      started,
      { type: 'step', runId: 'r1', actionId: 'create-project:bcm-t', state: 'running' },
      { type: 'step', runId: 'r1', actionId: 'create-project:bcm-t', state: 'done', durationMs: 120 },
      { type: 'step', runId: 'r1', actionId: 'create-instance:gateway', state: 'running', progress: 0.4, message: 'Unpacking image' },
      { type: 'log', runId: 'r1', actionId: 'create-instance:gateway', line: 'unpacking 40%', at: 'x' },
      { type: 'step', runId: 'r1', actionId: 'create-instance:gateway', state: 'done', durationMs: 9000 },
    ]);
    expect(s?.steps['create-project:bcm-t']).toEqual({ state: 'done', progress: 1, durationMs: 120, log: [] });
    const gateway = s?.steps['create-instance:gateway'];
    expect(gateway?.state).toBe('done');
    expect(gateway?.progress).toBe(1);
    expect(gateway?.message).toBe('Unpacking image');
    expect(gateway?.log).toEqual(['unpacking 40%']);
    expect(gateway?.durationMs).toBe(9000);
    const done = fold([{ type: 'finished', runId: 'r1', outcome: 'succeeded', durationMs: 9500 }], s);
    expect(done?.outcome).toBe('succeeded');
    expect(done?.durationMs).toBe(9500);
  });

  it('marks the running step failed or cancelled when the run ends that way', () => {
    const running = fold([started, { type: 'step', runId: 'r1', actionId: 'create-instance:gateway', state: 'running' }]);
    const error = { code: 'TIMEOUT' as const, message: 'gateway never became healthy' };
    const failed = fold([{ type: 'finished', runId: 'r1', outcome: 'failed', error, durationMs: 5 }], running);
    expect(failed?.steps['create-instance:gateway']?.state).toBe('failed');
    expect(failed?.steps['wait-healthy:gateway']?.state).toBe('pending');
    expect(failed?.error).toEqual(error);
    const cancelled = fold([{ type: 'finished', runId: 'r1', outcome: 'cancelled', durationMs: 5 }], running);
    expect(cancelled?.steps['create-instance:gateway']?.state).toBe('cancelled');
  });

  it('ignores events of another run and replaces the run on a new start', () => {
    const s = fold([started, { type: 'step', runId: 'other', actionId: 'create-project:bcm-t', state: 'done' }]);
    expect(s?.steps['create-project:bcm-t']?.state).toBe('pending');
    expect(fold([{ type: 'log', runId: 'r1', actionId: 'a', line: 'x', at: 'x' }])).toBeNull();
    const retry = fold([{ ...started, runId: 'r2', actions: actions.slice(1) }], s);
    expect(retry?.runId).toBe('r2');
    expect(Object.keys(retry?.steps ?? {})).toEqual(['create-instance:gateway', 'wait-healthy:gateway']);
  });

  it('keeps only the last lines of a chatty step and never changes its input', () => {
    const base = fold([started]);
    const frozen = JSON.stringify(base);
    let s = base;
    for (let i = 0; i < LOG_LINES_KEPT + 5; i += 1) {
      s = reduceRunEvent(s, { type: 'log', runId: 'r1', actionId: 'create-instance:gateway', line: `line ${i}`, at: 'x' });
    }
    const log = s?.steps['create-instance:gateway']?.log ?? [];
    expect(log).toHaveLength(LOG_LINES_KEPT);
    expect(log[0]).toBe('line 5');
    expect(JSON.stringify(base)).toBe(frozen);
  });
});

describe('applyBufferedEvents', () => {
  const log = (line: string): RunEvent => ({ type: 'log', runId: 'r1', actionId: 'create-instance:gateway', line, at: 'x' });

  it('does not repeat log lines the snapshot already has', () => {
    const snapshot = fold([started, log('a'), log('b')]);
    const merged = applyBufferedEvents(snapshot, [log('b'), log('c')]);
    expect(merged?.steps['create-instance:gateway']?.log).toEqual(['a', 'b', 'c']);
    expect(applyBufferedEvents(snapshot, [log('c')])?.steps['create-instance:gateway']?.log).toEqual(['a', 'b', 'c']);
  });

  it('applies step events on top (idempotent) and takes a newer run whole', () => {
    const snapshot = fold([started]);
    const merged = applyBufferedEvents(snapshot, [{ type: 'step', runId: 'r1', actionId: 'create-project:bcm-t', state: 'done' }]);
    expect(merged?.steps['create-project:bcm-t']?.state).toBe('done');
    const newer = applyBufferedEvents(snapshot, [log('old'), { ...started, runId: 'r2' }, { type: 'step', runId: 'r2', actionId: 'create-project:bcm-t', state: 'running' }]);
    expect(newer?.runId).toBe('r2');
    expect(newer?.steps['create-project:bcm-t']?.state).toBe('running');
    expect(applyBufferedEvents(null, [log('x')])).toBeNull();
  });

  it('finds the overlap of a tail and a head', () => {
    expect(tailOverlap(['a', 'b', 'c'], ['b', 'c', 'd'])).toBe(2);
    expect(tailOverlap(['a', 'b'], ['c'])).toBe(0);
    expect(tailOverlap([], ['a'])).toBe(0);
    expect(tailOverlap(['x', 'x'], ['x', 'x', 'x'])).toBe(2);
  });
});

describe('runTally and focusStepId', () => {
  it('counts done steps and a running step’s progress', () => {
    const s = fold([
      started,
      { type: 'step', runId: 'r1', actionId: 'create-project:bcm-t', state: 'done' },
      { type: 'step', runId: 'r1', actionId: 'create-instance:gateway', state: 'running', progress: 0.5 },
    ]);
    if (s === null) throw new Error('no snapshot');
    expect(runTally(s)).toEqual({ total: 3, done: 1, failed: 0, fraction: 0.5 });
    expect(focusStepId(s)).toBe('create-instance:gateway');
  });

  it('focuses the failed step, else the last one that did anything', () => {
    const failed = fold([started, { type: 'step', runId: 'r1', actionId: 'create-instance:gateway', state: 'failed' }]);
    if (failed === null) throw new Error('no snapshot');
    expect(focusStepId(failed)).toBe('create-instance:gateway');
    const ran = fold([started, { type: 'step', runId: 'r1', actionId: 'create-project:bcm-t', state: 'done' }]);
    if (ran === null) throw new Error('no snapshot');
    expect(focusStepId(ran)).toBe('create-project:bcm-t');
    const fresh = fold([started]);
    if (fresh === null) throw new Error('no snapshot');
    expect(focusStepId(fresh)).toBeUndefined();
    expect(runTally({ ...fresh, actions: [] }).fraction).toBe(1);
  });
});
