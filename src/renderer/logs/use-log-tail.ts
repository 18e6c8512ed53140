import { useEffect, useMemo, useState } from 'react';
import { MAX_RESUME_LINES, type LogSource, type LogTailState } from '../../shared/channels/logs';
import { useApi } from '../api/context';
import type { ConsoleTarget } from '../terminal/console-store';
import { LogBuffer } from './lib/log-buffer';

/** Lines kept per tail in the renderer; older ones are dropped. */
export const LOG_CAPACITY = 100_000;
const BACKLOG = 500;
const RESUME_LINES = Math.min(20, MAX_RESUME_LINES);
const RETRY_MS = [1_000, 2_000, 5_000, 10_000];
/** the view re-renders at most this often while lines pour in */
const RENDER_INTERVAL_MS = 100;

export interface TailStatus {
  state: LogTailState;
  message?: string;
  attempt?: number;
}

export interface LogTailHandle {
  buffer: LogBuffer;
  /** changes whenever the buffer changed (throttled) */
  version: number;
  status: TailStatus;
  /** lines received since the tail started */
  received: number;
}

/**
 * Follows one log source: lines go into a bounded buffer, each batch is acknowledged (main holds
 * the reader when the renderer falls behind), state changes are shown as notices in the log, and a
 * broken connection to BCM is retried, resuming after the last lines already shown.
 */
export function useLogTail(target: ConsoleTarget, source: LogSource | undefined, tailId: string): LogTailHandle {
  const api = useApi();
  const sourceKey = source ? JSON.stringify(source) : '';
  const targetKey = JSON.stringify(target);
  const key = `${tailId} ${sourceKey} ${targetKey}`;
  // a new source (or tail) starts a new buffer
  // eslint-disable-next-line react-hooks/exhaustive-deps -- key is what makes a new buffer
  const buffer = useMemo(() => new LogBuffer(LOG_CAPACITY), [key]);
  const [shown, setShown] = useState<Shown>(() => fresh(key));
  const current = shown.key === key ? shown : fresh(key);

  useEffect(() => {
    if (sourceKey === '') return undefined;
    const src = JSON.parse(sourceKey) as LogSource;
    const tgt = JSON.parse(targetKey) as ConsoleTarget;
    const buf = buffer;
    const update = (fn: (s: Shown) => Shown): void => setShown((s) => fn(s.key === key ? s : fresh(key)));
    let received = 0;
    let stopped = false;
    let renderTimer: ReturnType<typeof setTimeout> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe: (() => void) | undefined;
    let attempt = 0;
    let lastState: LogTailState | undefined;

    const changed = (): void => {
      if (renderTimer !== undefined) return;
      renderTimer = setTimeout(() => {
        renderTimer = undefined;
        update((s) => ({ ...s, version: s.version + 1, received }));
      }, RENDER_INTERVAL_MS);
    };

    const subscribe = (resume: boolean): void => {
      const lines = resume ? buf.lastLines(RESUME_LINES) : [];
      unsubscribe = api.subscribe(
        'logs.tail',
        {
          tailId,
          endpoint: tgt.endpoint,
          project: tgt.project,
          name: tgt.name,
          source: src,
          backlog: resume ? 1_000 : BACKLOG,
          ...(lines.length > 0 ? { resume: lines } : {}),
        },
        (event) => {
          if (event.type === 'lines') {
            attempt = 0;
            buf.appendLines(event.lines, event.at);
            received += event.lines.length;
            void api.invoke('logs.ack', { tailId, seq: event.first + event.lines.length - 1 }).catch(() => undefined);
          } else if (event.type === 'notice') {
            buf.appendNotice(event.message, event.at);
          } else {
            const next: TailStatus = { state: event.state };
            if (event.message !== undefined) next.message = event.message;
            if (event.attempt !== undefined) next.attempt = event.attempt;
            update((s) => ({ ...s, status: next }));
            const worth = event.state === 'reconnecting' || event.state === 'waiting' || event.state === 'ended';
            if (worth || (event.state === 'live' && (lastState === 'reconnecting' || lastState === 'waiting'))) {
              buf.appendNotice(event.message ?? (event.state === 'live' ? 'Reconnected.' : event.state), event.at);
            }
            lastState = event.state;
          }
          changed();
        },
        (err) => {
          unsubscribe = undefined;
          if (stopped) return;
          const message = `Lost the connection to BCM (${err.message}); reconnecting…`;
          update((s) => ({ ...s, status: { state: 'reconnecting', message, attempt: attempt + 1 } }));
          buf.appendNotice(message, Date.now());
          lastState = 'reconnecting';
          changed();
          const delay = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 10_000;
          attempt += 1;
          retryTimer = setTimeout(() => !stopped && subscribe(true), delay);
        },
      );
    };
    subscribe(false);
    return () => {
      stopped = true;
      if (renderTimer !== undefined) clearTimeout(renderTimer);
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      unsubscribe?.();
    };
  }, [api, buffer, key, sourceKey, targetKey, tailId]);

  return { buffer, version: current.version, status: current.status, received: current.received };
}

interface Shown {
  key: string;
  status: TailStatus;
  version: number;
  received: number;
}

const fresh = (key: string): Shown => ({ key, status: { state: 'connecting' }, version: 0, received: 0 });
