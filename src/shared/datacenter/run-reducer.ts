import type { RunEvent, RunSnapshot } from './plan';

/** Log lines kept per step in a snapshot (the newest). */
export const MAX_LOG_LINES = 200;

/**
 * Folds one run event into a snapshot. Pure; main keeps the snapshot of each run with it (for
 * pages opened mid-run) and the renderer applies live events with it.
 */
export function reduceRun(snapshot: RunSnapshot | null, event: RunEvent): RunSnapshot | null {
  if (event.type === 'started') {
    return {
      runId: event.runId,
      datacenter: event.datacenter,
      operation: event.operation,
      actions: event.actions,
      steps: Object.fromEntries(event.actions.map((a) => [a.id, { state: 'pending' as const, log: [] }])),
      outcome: 'running',
      startedAt: event.at,
    };
  }
  if (!snapshot || snapshot.runId !== event.runId) return snapshot;
  if (event.type === 'finished') {
    const next: RunSnapshot = { ...snapshot, outcome: event.outcome, durationMs: event.durationMs };
    if (event.error) next.error = event.error;
    return next;
  }
  const step = snapshot.steps[event.actionId] ?? { state: 'pending' as const, log: [] };
  if (event.type === 'log') {
    const log = step.log.length >= MAX_LOG_LINES ? [...step.log.slice(1 - MAX_LOG_LINES), event.line] : [...step.log, event.line];
    return { ...snapshot, steps: { ...snapshot.steps, [event.actionId]: { ...step, log } } };
  }
  const updated = { ...step, state: event.state };
  if (event.progress !== undefined) updated.progress = event.progress;
  if (event.message !== undefined) updated.message = event.message;
  if (event.error !== undefined) updated.error = event.error;
  if (event.durationMs !== undefined) updated.durationMs = event.durationMs;
  return { ...snapshot, steps: { ...snapshot.steps, [event.actionId]: updated } };
}

/**
 * The events that rebuild a snapshot from nothing: sent first to a late subscriber so that it
 * needs no separate call (and misses nothing between a call and its subscription).
 */
export function replayRun(snapshot: RunSnapshot): RunEvent[] {
  const { runId } = snapshot;
  const events: RunEvent[] = [
    { type: 'started', runId, datacenter: snapshot.datacenter, operation: snapshot.operation, actions: snapshot.actions, at: snapshot.startedAt },
  ];
  for (const action of snapshot.actions) {
    const step = snapshot.steps[action.id];
    if (!step) continue;
    for (const line of step.log) events.push({ type: 'log', runId, actionId: action.id, line, at: snapshot.startedAt });
    if (step.state === 'pending') continue;
    events.push({
      type: 'step',
      runId,
      actionId: action.id,
      state: step.state,
      ...(step.progress !== undefined ? { progress: step.progress } : {}),
      ...(step.message !== undefined ? { message: step.message } : {}),
      ...(step.error !== undefined ? { error: step.error } : {}),
      ...(step.durationMs !== undefined ? { durationMs: step.durationMs } : {}),
    });
  }
  if (snapshot.outcome !== 'running') {
    events.push({
      type: 'finished',
      runId,
      outcome: snapshot.outcome,
      durationMs: snapshot.durationMs ?? 0,
      ...(snapshot.error ? { error: snapshot.error } : {}),
    });
  }
  return events;
}
