import type { RunEvent, RunSnapshot, StepState } from '../../../shared/datacenter/plan';

/** Lines kept per step; older ones are dropped (a step's full log stays on the main side). */
export const LOG_LINES_KEPT = 1_000;

type Step = RunSnapshot['steps'][string];

function emptyStep(): Step {
  return { state: 'pending', log: [] };
}

function keepTail(lines: string[]): string[] {
  return lines.length > LOG_LINES_KEPT ? lines.slice(lines.length - LOG_LINES_KEPT) : lines;
}

/**
 * Folds one progress event into the snapshot of a run: the same shape `datacenters.run` returns,
 * so a page renders the replayed snapshot first and then applies live events on top.
 * A `started` event begins a new run (it replaces whatever came before); events of another run
 * are ignored. Pure: the input snapshot is never changed.
 */
export function reduceRunEvent(snapshot: RunSnapshot | null, event: RunEvent): RunSnapshot | null {
  if (event.type === 'started') {
    return {
      runId: event.runId,
      datacenter: event.datacenter,
      operation: event.operation,
      actions: event.actions,
      steps: Object.fromEntries(event.actions.map((a) => [a.id, emptyStep()])),
      outcome: 'running',
      startedAt: event.at,
    };
  }
  if (snapshot === null || snapshot.runId !== event.runId) return snapshot;

  switch (event.type) {
    case 'step': {
      const previous = snapshot.steps[event.actionId] ?? emptyStep();
      const next: Step = { state: event.state, log: previous.log };
      // progress and message belong to the running step; a finished step keeps its last words
      const progress = event.progress ?? (event.state === 'done' ? 1 : previous.progress);
      if (progress !== undefined) next.progress = progress;
      const message = event.message ?? previous.message;
      if (message !== undefined) next.message = message;
      const error = event.error ?? (event.state === 'failed' ? previous.error : undefined);
      if (error !== undefined) next.error = error;
      const durationMs = event.durationMs ?? previous.durationMs;
      if (durationMs !== undefined) next.durationMs = durationMs;
      return { ...snapshot, steps: { ...snapshot.steps, [event.actionId]: next } };
    }
    case 'log': {
      const previous = snapshot.steps[event.actionId] ?? emptyStep();
      const step: Step = { ...previous, log: keepTail([...previous.log, event.line]) };
      return { ...snapshot, steps: { ...snapshot.steps, [event.actionId]: step } };
    }
    case 'finished': {
      const leftOver: StepState | null =
        event.outcome === 'cancelled' ? 'cancelled' : event.outcome === 'failed' ? 'failed' : null;
      let steps = snapshot.steps;
      if (leftOver !== null) {
        // a step still marked running when the run ended did not finish
        steps = Object.fromEntries(
          Object.entries(steps).map(([id, step]) => [id, step.state === 'running' ? { ...step, state: leftOver } : step]),
        );
      }
      const next: RunSnapshot = { ...snapshot, steps, outcome: event.outcome, durationMs: event.durationMs };
      if (event.error !== undefined) next.error = event.error;
      else delete next.error;
      return next;
    }
  }
}

/**
 * Applies events that arrived while `datacenters.run` was being fetched. The snapshot may already
 * contain some of them: step and finish events are idempotent, and log lines the snapshot already
 * ends with are not added twice (the longest overlap of its tail with the buffered lines is skipped).
 */
export function applyBufferedEvents(snapshot: RunSnapshot | null, buffered: readonly RunEvent[]): RunSnapshot | null {
  // a run that started after the snapshot was taken replaces it, with every event from there on
  let startIndex = -1;
  buffered.forEach((e, i) => {
    if (e.type === 'started' && e.runId !== snapshot?.runId) startIndex = i;
  });
  if (startIndex >= 0) return buffered.slice(startIndex).reduce<RunSnapshot | null>(reduceRunEvent, null);
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
    if (e.type === 'started') continue;
    if (e.type === 'log') {
      const left = skip.get(e.actionId) ?? 0;
      if (left > 0) {
        skip.set(e.actionId, left - 1);
        continue;
      }
    }
    next = reduceRunEvent(next, e);
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
 * The step whose log the page shows: the one running, else the one that failed, else the last one
 * that did anything.
 */
export function focusStepId(snapshot: RunSnapshot): string | undefined {
  const ids = snapshot.actions.map((a) => a.id);
  const find = (state: StepState) => ids.find((id) => snapshot.steps[id]?.state === state);
  return (
    find('running') ??
    find('failed') ??
    [...ids].reverse().find((id) => {
      const step = snapshot.steps[id];
      return step !== undefined && (step.state !== 'pending' || step.log.length > 0);
    })
  );
}
