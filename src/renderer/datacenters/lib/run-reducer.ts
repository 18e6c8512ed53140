import type { RunEvent, RunSnapshot, StepState } from '../../../shared/datacenter/plan';
import { reduceRun } from '../../../shared/datacenter/run-reducer';

/**
 * Renderer-side helpers around the shared run reducer (`reduceRun`, which main also uses to keep
 * the snapshot `datacenters.run` returns): merging a fetched snapshot with the events that
 * arrived meanwhile, and what a run page shows (tally, the step whose log is open).
 */

/**
 * Applies events that arrived while `datacenters.run` was being fetched. A `started` event among
 * them begins a complete account of a run (main replays the current run to a new subscriber, and
 * a new run starts that way), so the events from the last one on are folded from nothing.
 * Otherwise they go on top of the snapshot, which may already contain some of them: step and finish
 * events are idempotent, and log lines the snapshot already ends with are not added twice (the
 * longest overlap of its tail with the buffered lines is skipped).
 */
export function applyBufferedEvents(snapshot: RunSnapshot | null, buffered: readonly RunEvent[]): RunSnapshot | null {
  let startIndex = -1;
  buffered.forEach((e, i) => {
    if (e.type === 'started') startIndex = i;
  });
  if (startIndex >= 0) return buffered.slice(startIndex).reduce<RunSnapshot | null>(reduceRun, null);
  if (snapshot === null) return null;

  const linesByAction = new Map<string, string[]>();
  for (const e of buffered) {
    if (e.type === 'log' && e.runId === snapshot.runId) {
      linesByAction.set(e.actionId, [...(linesByAction.get(e.actionId) ?? []), e.line]);
    }
  }
  const skip = new Map<string, number>();
  for (const [actionId, lines] of linesByAction) {
    skip.set(actionId, tailOverlap(snapshot.steps[actionId]?.log ?? [], lines));
  }
  let next: RunSnapshot | null = snapshot;
  for (const e of buffered) {
    if (e.type === 'log') {
      const left = skip.get(e.actionId) ?? 0;
      if (left > 0) {
        skip.set(e.actionId, left - 1);
        continue;
      }
    }
    next = reduceRun(next, e);
  }
  return next;
}

/** The largest n such that the last n of `existing` equal the first n of `incoming`. */
export function tailOverlap(existing: readonly string[], incoming: readonly string[]): number {
  for (let n = Math.min(existing.length, incoming.length); n > 0; n -= 1) {
    let same = true;
    for (let i = 0; i < n; i += 1) {
      if (existing[existing.length - n + i] !== incoming[i]) {
        same = false;
        break;
      }
    }
    if (same) return n;
  }
  return 0;
}

export interface RunTally {
  total: number;
  done: number;
  failed: number;
  /** 0..1, counting a running step's own progress */
  fraction: number;
}

export function runTally(snapshot: RunSnapshot): RunTally {
  const total = snapshot.actions.length;
  let done = 0;
  let failed = 0;
  let partial = 0;
  for (const action of snapshot.actions) {
    const step = snapshot.steps[action.id];
    if (step?.state === 'done') done += 1;
    else if (step?.state === 'failed') failed += 1;
    else if (step?.state === 'running') partial += step.progress ?? 0;
  }
  return { total, done, failed, fraction: total === 0 ? 1 : Math.min(1, (done + partial) / total) };
}

/**
 * The step whose log the page shows: the first that failed (a run lets the steps beside a failure
 * finish: the failure is what matters), else the first running one in plan order (several run at
 * once; the first stays in view until it ends), else the one a cancel interrupted (cancelled, with
 * output), else the last one that did anything.
 */
export function focusStepId(snapshot: RunSnapshot): string | undefined {
  const ids = snapshot.actions.map((a) => a.id);
  const find = (state: StepState) => ids.find((id) => snapshot.steps[id]?.state === state);
  return (
    find('failed') ??
    find('running') ??
    ids.find((id) => snapshot.steps[id]?.state === 'cancelled' && (snapshot.steps[id]?.log.length ?? 0) > 0) ??
    [...ids].reverse().find((id) => {
      const step = snapshot.steps[id];
      return step !== undefined && (step.state !== 'pending' || step.log.length > 0);
    })
  );
}
