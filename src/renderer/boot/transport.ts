import { createClient, type BcmApi } from '../../shared/client';
import { createWsBridge, type WsBridge } from '../../shared/ws-bridge';
import { useConnectionStore } from './connection-store';
import { followNewLinks, keepSession, takeCredential, type PageEnv } from './credentials';
import { watchForHostReturn } from './host-return';
import { apiSocketUrl } from './token';

/** the host's close code for a spent one-time link (src/main/host/links.ts) */
const LINK_USED_CODE = 4409;

export type TransportKind = 'electron' | 'browser-host';

export type Boot = { kind: 'ready'; api: BcmApi; transport: TransportKind; bridge?: WsBridge } | { kind: 'no-token' };

/**
 * Picks the transport: Electron's preload bridge when present, else the browser host's
 * WebSocket, authorised by the one-time token of the link the host printed (taken out of the
 * visible URL) and, once the host has spent it, by the session it gave this tab (kept in
 * sessionStorage so a reload still works). See credentials.ts.
 */
export function bootTransport(): Boot {
  const connection = useConnectionStore.getState();
  if (window.bcmBridge) {
    connection.set('open');
    return { kind: 'ready', api: createClient(window.bcmBridge), transport: 'electron' };
  }

  const page = pageEnv();
  followNewLinks(page);
  const token = takeCredential(page);
  if (token === null) return { kind: 'no-token' };

  const url = apiSocketUrl(location.host, token, location.protocol === 'https:');
  const bridge = createWsBridge(url, (u) => new WebSocket(u), {
    // the link's token is spent now: this tab keeps the session the host gave it, for reloads
    onSession: (secret) => keepSession(page, secret),
  });
  let opened = false;
  connection.set('connecting');
  bridge.onConnectionChange((state, close) => {
    if (state === 'open') {
      opened = true;
      useConnectionStore.getState().set('open');
    } else if (close?.code === LINK_USED_CODE) {
      useConnectionStore.getState().set('link-used', close.reason);
    } else {
      useConnectionStore.getState().set(opened ? 'lost' : 'failed', useConnectionStore.getState().reason);
      // a tab that was connected has a session: when the host is back, a fresh load reconnects it
      if (opened) {
        watchForHostReturn(
          () => fetch(`${location.origin}/`, { cache: 'no-store' }).then((r) => r.ok),
          () => location.reload(),
        );
      }
    }
  });
  bridge.ready.catch((err: unknown) => {
    if (useConnectionStore.getState().state === 'link-used') return;
    const reason = err instanceof Error ? err.message : String(err);
    useConnectionStore.getState().set(opened ? 'lost' : 'failed', reason);
  });
  return { kind: 'ready', api: createClient(bridge), transport: 'browser-host', bridge };
}

function pageEnv(): PageEnv {
  return {
    location: window.location,
    history: window.history,
    storage: () => window.sessionStorage,
    onHashChange: (listener) => window.addEventListener('hashchange', listener),
  };
}
