import type { ErrorShape, Result } from '../../shared/errors';
import { ELECTRON_CHANNELS, type WireBridge } from '../../shared/wire';

/** The parts of Electron's ipcRenderer the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * What the preload exposes as `window.bcmBridge`: exactly the contract's two verbs, no ipcRenderer,
 * no Node. Subscriptions are multiplexed over two listeners by id.
 */
export function createPreloadBridge(ipc: IpcRendererLike): WireBridge {
  let nextId = 1;
  const subs = new Map<number, { onEvent: (p: unknown) => void; onError: (e: ErrorShape) => void }>();
  ipc.on(ELECTRON_CHANNELS.event, (_event, id, payload) => {
    if (typeof id === 'number') subs.get(id)?.onEvent(payload);
  });
  ipc.on(ELECTRON_CHANNELS.subError, (_event, id, error) => {
    if (typeof id !== 'number') return;
    const sub = subs.get(id);
    subs.delete(id);
    sub?.onError(error as ErrorShape);
  });
  return {
    async invoke(channel, input) {
      try {
        return (await ipc.invoke(ELECTRON_CHANNELS.invoke, channel, input)) as Result<unknown>;
      } catch (err) {
        // Electron rejects when the payload cannot be cloned or main is gone.
        return { ok: false, error: { code: 'VALIDATION', message: `Could not send the request: ${(err as Error).message}` } };
      }
    },
    subscribe(channel, params, onEvent, onError) {
      const id = nextId++;
      subs.set(id, { onEvent, onError });
      ipc.send(ELECTRON_CHANNELS.subscribe, id, channel, params);
      return () => {
        if (subs.delete(id)) ipc.send(ELECTRON_CHANNELS.unsubscribe, id);
      };
    },
  };
}
