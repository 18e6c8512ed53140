import type { ErrorShape, Result } from './errors';

/**
 * The untyped bridge each transport provides (Electron's preload exposes exactly this as
 * `window.bcmBridge`; the browser host speaks it over a WebSocket). `createClient` turns it into
 * the typed API. Errors travel as values.
 */
export interface WireBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  /** Returns a function that ends the subscription. onError is called at most once, then the stream ends. */
  subscribe(
    channel: string,
    params: unknown,
    onEvent: (payload: unknown) => void,
    onError: (error: ErrorShape) => void,
  ): () => void;
}

/** Messages of the WebSocket transport. */
export type ClientMessage =
  | { t: 'invoke'; id: number; channel: string; input: unknown }
  | { t: 'sub'; id: number; channel: string; params: unknown }
  | { t: 'unsub'; id: number };

export type ServerMessage =
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'event'; id: number; payload: unknown }
  | { t: 'suberror'; id: number; error: ErrorShape }
  /** first message after a one-time link was redeemed: the tab's session secret, for reloads */
  | { t: 'session'; secret: string };

/** Electron IPC channel names used by the preload and the main-side binding. */
export const ELECTRON_CHANNELS = {
  invoke: 'bcm:invoke',
  subscribe: 'bcm:sub',
  unsubscribe: 'bcm:unsub',
  event: 'bcm:event',
  subError: 'bcm:suberror',
} as const;
