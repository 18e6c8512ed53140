import type { ErrorShape, Result } from './errors';
import type { ClientMessage, ServerMessage, WireBridge } from './wire';

/** The part of the WebSocket interface we use: the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (ev: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (ev: unknown) => void): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export interface WsBridge extends WireBridge {
  /** resolves once connected; rejects if the first connection fails */
  ready: Promise<void>;
  close(): void;
  /** connection state changes, for a banner in the UI */
  onConnectionChange(listener: (state: 'open' | 'closed', close?: { code: number; reason: string }) => void): () => void;
}

const OPEN = 1;

function lost(message: string): ErrorShape {
  return { code: 'UNREACHABLE', message };
}

/**
 * The renderer's side of the browser host's WebSocket transport. Requests made before the socket
 * is open are queued; when the connection drops, pending requests fail with UNREACHABLE and open
 * subscriptions end with an error so the UI can say so and resubscribe.
 */
export function createWsBridge(url: string, connect: WebSocketFactory, options: { onSession?: (secret: string) => void } = {}): WsBridge {
  const socket = connect(url);
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const subs = new Map<number, { onEvent: (p: unknown) => void; onError: (e: ErrorShape) => void }>();
  const queue: string[] = [];
  const connectionListeners = new Set<(state: 'open' | 'closed', close?: { code: number; reason: string }) => void>();

  const ready = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => {
      for (const msg of queue.splice(0)) socket.send(msg);
      connectionListeners.forEach((l) => l('open'));
      resolve();
    });
    socket.addEventListener('close', (ev) => {
      closed = true;
      const why = ev.reason || `the connection to the BCM host closed (code ${ev.code})`;
      reject(new Error(why));
      // a close with the host's own reason (4000-4999: e.g. a spent link) is said as it is
      const said = ev.code >= 4000 && ev.reason ? ev.reason : `${why}. Reload the page once the host is running.`;
      for (const [, done] of pending) done({ ok: false, error: lost(said) });
      pending.clear();
      for (const [, sub] of subs) sub.onError(lost(why));
      subs.clear();
      connectionListeners.forEach((l) => l('closed', { code: ev.code, reason: ev.reason }));
    });
  });
  ready.catch(() => undefined);

  socket.addEventListener('message', (ev) => {
    if (typeof ev.data !== 'string') return;
    let msg: ServerMessage;
    try {
      msg = JSON.parse(ev.data) as ServerMessage;
    } catch {
      return;
    }
    if (msg.t === 'result') {
      const done = pending.get(msg.id);
      if (done) {
        pending.delete(msg.id);
        done(msg.result);
        return;
      }
      // a failed subscribe answers with a result carrying the error
      const sub = subs.get(msg.id);
      if (sub && !msg.result.ok) {
        subs.delete(msg.id);
        sub.onError(msg.result.error);
      }
    } else if (msg.t === 'event') {
      subs.get(msg.id)?.onEvent(msg.payload);
    } else if (msg.t === 'session') {
      options.onSession?.(msg.secret);
    } else if (msg.t === 'suberror') {
      const sub = subs.get(msg.id);
      subs.delete(msg.id);
      sub?.onError(msg.error);
    }
  });

  function send(msg: ClientMessage): void {
    const text = JSON.stringify(msg);
    if (socket.readyState === OPEN) socket.send(text);
    else queue.push(text);
  }

  return {
    ready,
    invoke(channel, input) {
      if (closed) return Promise.resolve({ ok: false, error: lost('Not connected to the BCM host. Reload the page.') });
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        send({ t: 'invoke', id, channel, input });
      });
    },
    subscribe(channel, params, onEvent, onError) {
      const id = nextId++;
      if (closed) {
        queueMicrotask(() => onError(lost('Not connected to the BCM host.')));
        return () => undefined;
      }
      subs.set(id, { onEvent, onError });
      send({ t: 'sub', id, channel, params });
      return () => {
        if (subs.delete(id) && !closed) send({ t: 'unsub', id });
      };
    },
    close() {
      socket.close(1000, 'client closed');
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
}
