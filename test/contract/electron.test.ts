import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/shared/client';
import { bindIpc, type IpcEventLike, type IpcMainLike, type SenderLike } from '../../src/main/electron/binding';
import { createPreloadBridge, type IpcRendererLike } from '../../src/main/electron/preload-bridge';
import { isAppDocument } from '../../src/main/electron/trust';
import { ELECTRON_CHANNELS } from '../../src/shared/wire';
import { contractSuite } from './suite';
import { createFixture } from './fixture';

/**
 * A faithful in-process ipcMain/ipcRenderer pair, so the binding is tested without the Electron
 * binary. Like Electron, every argument is structured-cloned on the way across (functions and
 * class instances do not survive), a throwing handle() rejects the renderer's invoke with a
 * wrapped message, and messages carry the sending WebContents and frame URL.
 */
class FakeWebContents extends EventEmitter implements SenderLike {
  private static ids = 1;
  readonly id = FakeWebContents.ids++;
  private destroyed = false;
  constructor(readonly renderer: EventEmitter) {
    super();
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const cloned = structuredClone(args);
    setImmediate(() => this.renderer.emit(channel, {}, ...cloned));
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

class FakeIpcMain extends EventEmitter implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

function createPair(ipcMain: FakeIpcMain, frameUrl: string): { renderer: IpcRendererLike; contents: FakeWebContents } {
  const rendererSide = new EventEmitter();
  const contents = new FakeWebContents(rendererSide);
  const event: IpcEventLike = { sender: contents, senderFrame: { url: frameUrl } };
  const renderer: IpcRendererLike = {
    async invoke(channel, ...args) {
      const handler = ipcMain.handlers.get(channel);
      if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered`);
      const cloned = structuredClone(args);
      try {
        return structuredClone(await handler(event, ...cloned));
      } catch (err) {
        throw new Error(`Error invoking remote method '${channel}': ${String(err)}`, { cause: err });
      }
    },
    send(channel, ...args) {
      const cloned = structuredClone(args);
      setImmediate(() => ipcMain.emit(channel, event, ...cloned));
    },
    on(channel, listener) {
      rendererSide.on(channel, listener);
      return renderer;
    },
  };
  return { renderer, contents };
}

const APP_URL = 'file:///opt/bcm/resources/app/dist/renderer/electron.html';
/** what the real window's frame reports: the app's document at one of its hash routes */
const FRAME_URL = `${APP_URL}#/endpoints`;
const isTrustedUrl = (url: string): boolean => isAppDocument(url, APP_URL);

contractSuite('Electron IPC (preload bridge + ipcMain binding)', async (router) => {
  const ipcMain = new FakeIpcMain();
  const unbind = bindIpc(ipcMain, router, { isTrustedUrl });
  const { renderer, contents } = createPair(ipcMain, FRAME_URL);
  return {
    api: createClient(createPreloadBridge(renderer)),
    close: async () => {
      contents.destroy(); // the window closes: its subscriptions end
      unbind();
    },
  };
});

describe('Electron binding', () => {
  it('exposes exactly the two contract verbs to the page', () => {
    const ipcMain = new FakeIpcMain();
    bindIpc(ipcMain, createFixture().router, { isTrustedUrl });
    const bridge = createPreloadBridge(createPair(ipcMain, FRAME_URL).renderer);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('trusts the app at any of its hash routes, and nothing else', () => {
    for (const route of ['', '#/', '#/endpoints', '#/datacenters/regtest/edit', '#token=x']) expect(isTrustedUrl(`${APP_URL}${route}`), route).toBe(true);
    for (const other of [
      'file:///opt/bcm/resources/app/dist/renderer/other.html#/endpoints',
      `${APP_URL}?inject=1#/endpoints`,
      'file:///tmp/electron.html#/endpoints',
      'https://evil.example/opt/bcm/resources/app/dist/renderer/electron.html#/endpoints',
      'not a url',
    ]) {
      expect(isTrustedUrl(other), other).toBe(false);
    }
  });

  it('refuses frames that are not the app (a navigated or injected page)', async () => {
    const ipcMain = new FakeIpcMain();
    const fx = createFixture();
    bindIpc(ipcMain, fx.router, { isTrustedUrl });
    const api = createClient(createPreloadBridge(createPair(ipcMain, 'https://evil.example/').renderer));
    await expect(api.invoke('endpoints.list', {})).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    const errors: string[] = [];
    api.subscribe('endpoints.changed', {}, () => undefined, (e) => errors.push(e.code));
    await new Promise((r) => setTimeout(r, 20));
    expect(errors).toEqual(['PERMISSION_DENIED']);
    expect(fx.calls).toEqual([]);
    expect(fx.activeSubscriptions()).toBe(0);
  });

  it('answers payloads Electron cannot clone with a typed error instead of throwing', async () => {
    const ipcMain = new FakeIpcMain();
    bindIpc(ipcMain, createFixture().router, { isTrustedUrl });
    const api = createClient(createPreloadBridge(createPair(ipcMain, FRAME_URL).renderer));
    await expect(api.invoke('endpoints.remove', { name: (() => 'x') as unknown as string })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('unbinds cleanly so a second window can bind again', () => {
    const ipcMain = new FakeIpcMain();
    const unbind = bindIpc(ipcMain, createFixture().router, { isTrustedUrl });
    expect(ipcMain.handlers.has(ELECTRON_CHANNELS.invoke)).toBe(true);
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listenerCount(ELECTRON_CHANNELS.subscribe)).toBe(0);
    expect(() => bindIpc(ipcMain, createFixture().router, { isTrustedUrl })).not.toThrow();
  });
});
