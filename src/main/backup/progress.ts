import type { JobProgress } from '../../shared/channels/store';

export type Phase = JobProgress['phase'];
export interface ProgressUpdate {
  phase: Phase;
  done: number;
  total: number;
  member?: string;
  message?: string;
}
export type ProgressSink = (update: ProgressUpdate) => void;

/**
 * Forwards progress at most every `intervalMs` (a 100 MB member makes thousands of chunks), but
 * always forwards a change of phase and the last update of a phase.
 */
export function throttled(sink: ProgressSink, intervalMs = 100, now: () => number = Date.now): ProgressSink & { flush(): void } {
  let last = 0;
  let lastPhase: Phase | undefined;
  let pending: ProgressUpdate | undefined;
  const send = (u: ProgressUpdate) => {
    last = now();
    lastPhase = u.phase;
    pending = undefined;
    sink(u);
  };
  const fn = (u: ProgressUpdate) => {
    if (u.phase !== lastPhase) {
      if (pending) sink(pending);
      send(u);
    } else if (now() - last >= intervalMs || u.done >= u.total) send(u);
    else pending = u;
  };
  return Object.assign(fn, {
    flush: () => {
      if (pending) send(pending);
    },
  });
}

/** Throws CANCELLED-shaped errors consistently. */
export function cancelledMessage(kind: 'backup' | 'restore'): string {
  return kind === 'backup'
    ? 'The backup was cancelled. No archive was written.'
    : 'The restore was cancelled. Your ~/.bcm was not changed.';
}
