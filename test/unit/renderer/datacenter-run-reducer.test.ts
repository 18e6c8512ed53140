import { describe, expect, it } from 'vitest';
import type { PlanAction, RunEvent, RunSnapshot } from '../../../src/shared/datacenter/plan';
import { reduceRun, replayRun } from '../../../src/shared/datacenter/run-reducer';
import {
  applyBufferedEvents,
  focusStepId,
  runTally,
  tailOverlap,
} from '../../../src/renderer/datacenters/lib/run-reducer';

const actions: PlanAction[] = [
  {
    id: 'create-project:bcm-t',
    kind: 'create-project',
    component: 'datacenter',
    target: 'bcm-t',
    title: 'Create project bcm-t',
  },
  {
    id: 'create-instance:gateway',
    kind: 'create-instance',
    component: 'gateway',
    target: 'gateway',
    title: 'Create container gateway',
  },
  {
    id: 'wait-healthy:gateway',
    kind: 'wait-healthy',
    component: 'gateway',
    target: 'gateway',
    title: 'Wait until gateway is healthy',
  },
];

const started: RunEvent = {
  type: 'started',
  runId: 'r1',
  datacenter: 't',
  operation: 'apply',
  actions,
  at: '2026-01-01T00:00:00Z',
};
const fold = (events: RunEvent[], from: RunSnapshot | null = null) => events.reduce(reduceRun, from);
const log = (line: string, runId = 'r1'): RunEvent => ({
  type: 'log',
  runId,
  actionId: 'create-instance:gateway',
  line,
  at: 'x',
});
const gatewayLog = (s: RunSnapshot | null) => s?.steps['create-instance:gateway']?.log;

describe('applyBufferedEvents', () => {
  it('does not repeat log lines the fetched snapshot already has', () => {
    const snapshot = fold([started, log('a'), log('b')]);
    expect(gatewayLog(applyBufferedEvents(snapshot, [log('b'), log('c')]))).toEqual(['a', 'b', 'c']);
    expect(gatewayLog(applyBufferedEvents(snapshot, [log('c')]))).toEqual(['a', 'b', 'c']);
    expect(gatewayLog(applyBufferedEvents(snapshot, []))).toEqual(['a', 'b']);
  });

  it('takes main’s replay to a new subscriber whole, whatever the snapshot had', () => {
    const live = fold([
      started,
      log('a'),
      { type: 'step', runId: 'r1', actionId: 'create-project:bcm-t', state: 'done', durationMs: 5 },
    ]);
    if (live === null) throw new Error('no run');
    const replay = [...replayRun(live), log('b')];
    const merged = applyBufferedEvents(live, replay);
    expect(gatewayLog(merged)).toEqual(['a', 'b']);
    expect(merged?.steps['create-project:bcm-t']).toMatchObject({ state: 'done', durationMs: 5 });
    // the same replay with no snapshot (the fetch lost the race or failed)
    expect(gatewayLog(applyBufferedEvents(null, replay))).toEqual(['a', 'b']);
  });

  it('applies step events on top and lets a newer run replace the snapshot', () => {
    const snapshot = fold([started]);
    const merged = applyBufferedEvents(snapshot, [
      { type: 'step', runId: 'r1', actionId: 'create-project:bcm-t', state: 'done' },
    ]);
    expect(merged?.steps['create-project:bcm-t']?.state).toBe('done');
    const newer = applyBufferedEvents(snapshot, [
      log('old'),
      { ...started, runId: 'r2' },
      { type: 'step', runId: 'r2', actionId: 'create-project:bcm-t', state: 'running' },
    ]);
    expect(newer?.runId).toBe('r2');
    expect(newer?.steps['create-project:bcm-t']?.state).toBe('running');
    expect(applyBufferedEvents(null, [log('x')])).toBeNull();
    // events of some other run do not touch this one
    expect(applyBufferedEvents(snapshot, [log('x', 'other')])).toEqual(snapshot);
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
    expect(runTally(failed).failed).toBe(1);
    expect(focusStepId(failed)).toBe('create-instance:gateway');
    const ran = fold([started, { type: 'step', runId: 'r1', actionId: 'create-project:bcm-t', state: 'done' }]);
    if (ran === null) throw new Error('no snapshot');
    expect(focusStepId(ran)).toBe('create-project:bcm-t');
    const cancelled = fold([
      started,
      log('unpacking'),
      { type: 'step', runId: 'r1', actionId: 'create-instance:gateway', state: 'cancelled' },
      { type: 'step', runId: 'r1', actionId: 'wait-healthy:gateway', state: 'cancelled' },
    ]);
    if (cancelled === null) throw new Error('no snapshot');
    expect(focusStepId(cancelled)).toBe('create-instance:gateway');
    const fresh = fold([started]);
    if (fresh === null) throw new Error('no snapshot');
    // several running: the first in plan order; a failure beside them wins
    const two = fold([
      started,
      { type: 'step', runId: 'r1', actionId: 'wait-healthy:gateway', state: 'running' },
      { type: 'step', runId: 'r1', actionId: 'create-instance:gateway', state: 'running' },
    ]);
    if (two === null) throw new Error('no snapshot');
    expect(focusStepId(two)).toBe('create-instance:gateway');
    const beside = fold([started, { type: 'step', runId: 'r1', actionId: 'create-instance:gateway', state: 'running' }, { type: 'step', runId: 'r1', actionId: 'wait-healthy:gateway', state: 'failed' }]);
    if (beside === null) throw new Error('no snapshot');
    expect(focusStepId(beside)).toBe('wait-healthy:gateway');
    expect(focusStepId(fresh)).toBeUndefined();
    expect(runTally({ ...fresh, actions: [] }).fraction).toBe(1);
  });
});
