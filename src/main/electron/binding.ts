import { ELECTRON_CHANNELS } from '../../shared/wire';
import type { ErrorShape, Result } from '../../shared/errors';
import type { Router, Unsubscribe } from '../ipc/router';

/**
 * The parts of Electron's ipcMain the binding uses, so it can be tested against a faithful
 * in-process pair without the Electron binary. Electron's own ipcMain satisfies this.
 */
export interface SenderLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}
export interface IpcEventLike {
  readonly sender: SenderLike;
  readonly senderFrame: { readonly url: string } | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
  removeHandler(channel: string): void;
  removeAllListeners(channel: string): unknown;
}

export interface BindingOptions {
  /** only frames loaded from the app's own renderer may call main */
  isTrustedUrl(url: string): boolean;
}

const untrusted: ErrorShape = { code: 'PERMISSION_DENIED', message: 'This page may not talk to BCM.' };

/** Binds the router to Electron IPC. Returns a function that removes the binding. */
export function bindIpc(ipc: IpcMainLike, router: Router, options: BindingOptions): () => void {
  const trusted = (event: IpcEventLike): boolean =>
    event.senderFrame !== null && options.isTrustedUrl(event.senderFrame.url);
  /** per WebContents: subscription id -> stop */
  const perSender = new Map<number, Map<number, Unsubscribe>>();

  ipc.handle(ELECTRON_CHANNELS.invoke, async (event, channel, input): Promise<Result<unknown>> => {
    if (!trusted(event)) return { ok: false, error: untrusted };
    if (typeof channel !== 'string') return { ok: false, error: { code: 'VALIDATION', message: 'Channel must be a string' } };
    return router.invoke(channel, input);
  });

  ipc.on(ELECTRON_CHANNELS.subscribe, (event, id, channel, params) => {
    const sender = event.sender;
    if (typeof id !== 'number') return;
    const fail = (error: ErrorShape): void => {
      perSender.get(sender.id)?.get(id)?.();
      perSender.get(sender.id)?.delete(id);
      if (!sender.isDestroyed()) sender.send(ELECTRON_CHANNELS.subError, id, error);
    };
    if (!trusted(event)) return fail(untrusted);
    if (typeof channel !== 'string') return fail({ code: 'VALIDATION', message: 'Channel must be a string' });
    let subs = perSender.get(sender.id);
    if (!subs) {
      const created = new Map<number, Unsubscribe>();
      perSender.set(sender.id, created);
      sender.once('destroyed', () => {
        for (const stop of created.values()) stop();
        perSender.delete(sender.id);
      });
      subs = created;
    }
    if (subs.has(id)) return;
    const result = router.subscribe(
      channel,
      params,
      (payload) => {
        if (!sender.isDestroyed()) sender.send(ELECTRON_CHANNELS.event, id, payload);
      },
      fail,
    );
    if (result.ok) subs.set(id, result.value);
    else fail(result.error);
  });

  ipc.on(ELECTRON_CHANNELS.unsubscribe, (event, id) => {
    if (typeof id !== 'number') return;
    const subs = perSender.get(event.sender.id);
    subs?.get(id)?.();
    subs?.delete(id);
  });

  return () => {
    ipc.removeHandler(ELECTRON_CHANNELS.invoke);
    ipc.removeAllListeners(ELECTRON_CHANNELS.subscribe);
    ipc.removeAllListeners(ELECTRON_CHANNELS.unsubscribe);
    for (const subs of perSender.values()) for (const stop of subs.values()) stop();
    perSender.clear();
  };
}
