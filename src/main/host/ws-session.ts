import type { WebSocket } from 'ws';
import type { ClientMessage, ServerMessage } from '../../shared/wire';
import type { Router, Unsubscribe } from '../ipc/router';

/** Above this many queued bytes a slow client stops receiving events until it catches up. */
const MAX_BUFFERED = 8 * 1024 * 1024;

function parse(data: unknown): ClientMessage | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const msg = JSON.parse(data) as Partial<ClientMessage> | null;
    if (!msg || typeof msg !== 'object' || typeof msg.id !== 'number' || !Number.isSafeInteger(msg.id)) return undefined;
    if (msg.t === 'invoke' && typeof msg.channel === 'string') return msg as ClientMessage;
    if (msg.t === 'sub' && typeof msg.channel === 'string') return msg as ClientMessage;
    if (msg.t === 'unsub') return msg as ClientMessage;
  } catch {
    return undefined;
  }
  return undefined;
}

/** Carries the contract over one WebSocket: invokes, subscriptions and their events. */
export function serveSession(ws: WebSocket, router: Router): void {
  const subs = new Map<number, Unsubscribe>();

  const send = (msg: ServerMessage): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (msg.t === 'event' && ws.bufferedAmount > MAX_BUFFERED) return;
    let text: string;
    try {
      text = JSON.stringify(msg);
    } catch {
      // a value JSON cannot carry (a BigInt, a cycle): the caller gets a typed error, not silence
      if (msg.t !== 'result') return;
      text = JSON.stringify({ t: 'result', id: msg.id, result: { ok: false, error: { code: 'INTERNAL', message: 'The answer could not be sent to the page.' } } } satisfies ServerMessage);
    }
    ws.send(text);
  };

  // One client's bad frame (over maxPayload, invalid UTF-8, a protocol error) ends that client only:
  // without a listener, ws's 'error' would be thrown and end the whole host, Tor and terminals with it.
  ws.on('error', () => ws.terminate());

  ws.on('message', (raw, isBinary) => {
    const msg = parse(isBinary ? undefined : raw.toString('utf8'));
    if (!msg) {
      ws.close(1003, 'malformed message');
      return;
    }
    if (msg.t === 'invoke') {
      router.invoke(msg.channel, msg.input).then(
        (result) => send({ t: 'result', id: msg.id, result }),
        () => send({ t: 'result', id: msg.id, result: { ok: false, error: { code: 'INTERNAL', message: 'BCM could not answer this request.' } } }),
      );
    } else if (msg.t === 'sub') {
      if (subs.has(msg.id)) return;
      const result = router.subscribe(
        msg.channel,
        msg.params,
        (payload) => send({ t: 'event', id: msg.id, payload }),
        (error) => {
          subs.get(msg.id)?.();
          subs.delete(msg.id);
          send({ t: 'suberror', id: msg.id, error });
        },
      );
      if (result.ok) {
        subs.set(msg.id, result.value);
        send({ t: 'result', id: msg.id, result: { ok: true, value: null } });
      } else {
        send({ t: 'result', id: msg.id, result });
      }
    } else {
      subs.get(msg.id)?.();
      subs.delete(msg.id);
    }
  });

  ws.on('close', () => {
    for (const stop of subs.values()) stop();
    subs.clear();
  });
}
