import type WebSocket from 'ws';
import type { EventStreamOptions, EventSubscription, LxdEvent } from './api';
import type { LxdCore } from './core';
import { openWebSocket } from './transport';

export interface ReconnectOptions {
  /** first retry delay; doubled on each failure up to maxDelayMs (with ±20 % jitter) */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** a ping every this many ms; no pong before the next ping counts as a dead connection */
  pingIntervalMs?: number;
}

/** The query string of `/1.0/events` for these options. */
export function eventsPath(opts: Pick<EventStreamOptions, 'types' | 'project'>): string {
  const params = new URLSearchParams();
  if (opts.types && opts.types.length > 0) params.set('type', opts.types.join(','));
  if (opts.project !== undefined) params.set('project', opts.project);
  else params.set('all-projects', 'true');
  return `/1.0/events?${params.toString()}`;
}

export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}

function parseEvent(text: string): LxdEvent | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && typeof (value as LxdEvent).type === 'string') {
      const ev = value as LxdEvent;
      return { ...ev, metadata: ev.metadata ?? {} };
    }
  } catch {
    /* not an event */
  }
  return undefined;
}

/**
 * Subscribes to `/1.0/events` and keeps the subscription alive: on a drop (daemon restart,
 * network loss, Tor circuit change) it reconnects with exponential back-off and reports the
 * state through `onState`. Events that happen while disconnected are lost: refresh on
 * 'connected'.
 */
export function subscribeEvents(
  core: LxdCore,
  options: EventStreamOptions,
  reconnect: ReconnectOptions = {},
): EventSubscription {
  const initial = reconnect.initialDelayMs ?? 250;
  const max = reconnect.maxDelayMs ?? 15_000;
  const pingEvery = reconnect.pingIntervalMs ?? 30_000;
  const path = eventsPath(options);
  let stopped = false;
  let attempt = 0;
  let current: WebSocket | undefined;
  let timer: NodeJS.Timeout | undefined;
  let pinger: NodeJS.Timeout | undefined;
  let aborter: AbortController | undefined;

  const retry = (reason: string): void => {
    if (stopped) return;
    if (pinger) clearInterval(pinger);
    pinger = undefined;
    current = undefined;
    options.onState?.('reconnecting', reason);
    timer = setTimeout(connect, backoffDelay(attempt, initial, max));
    attempt += 1;
  };

  const connect = (): void => {
    if (stopped) return;
    aborter = new AbortController();
    const ws = core.transport.websocket(path);
    openWebSocket(ws, core.transport.target, aborter.signal).then(
      () => {
        if (stopped) {
          ws.close();
          return;
        }
        current = ws;
        attempt = 0;
        let alive = true;
        ws.on('pong', () => {
          alive = true;
        });
        pinger = setInterval(() => {
          if (!alive) {
            ws.terminate();
            return;
          }
          alive = false;
          ws.ping();
        }, pingEvery);
        ws.on('message', (data, isBinary) => {
          if (isBinary) return;
          const ev = parseEvent(String(data));
          if (ev) options.onEvent(ev);
        });
        ws.on('error', () => undefined);
        ws.once('close', (code: number, reason: Buffer) => {
          if (current === ws)
            retry(`the event stream closed (${code}${reason.length ? `: ${reason.toString()}` : ''})`);
        });
        options.onState?.('connected');
      },
      (err: unknown) => {
        retry(err instanceof Error ? err.message : String(err));
      },
    );
  };

  connect();
  return {
    close(): void {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (pinger) clearInterval(pinger);
      aborter?.abort();
      const ws = current;
      current = undefined;
      if (ws && ws.readyState === ws.OPEN) ws.close();
    },
  };
}
