import { createClient, type BcmApi } from '../../shared/client';
import { createWsBridge, type WsBridge } from '../../shared/ws-bridge';
import { useConnectionStore } from './connection-store';
import { SESSION_STORAGE_KEY, TOKEN_STORAGE_KEY, apiSocketUrl, chooseCredential, extractHashToken } from './token';

/** the host's close code for a spent one-time link (src/main/host/links.ts) */
const LINK_USED_CODE = 4409;

export type TransportKind = 'electron' | 'browser-host';

export type Boot = { kind: 'ready'; api: BcmApi; transport: TransportKind; bridge?: WsBridge } | { kind: 'no-token' };

/**
 * Picks the transport: Electron's preload bridge when present, else the browser host's
 * WebSocket, authorised by the token the host put in the URL hash (kept in sessionStorage so a
 * reload still works, and removed from the visible URL).
 */
export function bootTransport(): Boot {
  const connection = useConnectionStore.getState();
  if (window.bcmBridge) {
    connection.set('open');
    return { kind: 'ready', api: createClient(window.bcmBridge), transport: 'electron' };
  }

  const token = takeToken();
  if (token === null) return { kind: 'no-token' };

  const url = apiSocketUrl(location.host, token, location.protocol === 'https:');
  const bridge = createWsBridge(url, (u) => new WebSocket(u), {
    // the link's token is spent now: this tab keeps the session the host gave it, for reloads
    onSession: (secret) => void safeSession((s) => s.setItem(SESSION_STORAGE_KEY, secret)),
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
    }
  });
  bridge.ready.catch((err: unknown) => {
    if (useConnectionStore.getState().state === 'link-used') return;
    const reason = err instanceof Error ? err.message : String(err);
    useConnectionStore.getState().set(opened ? 'lost' : 'failed', reason);
  });
  return { kind: 'ready', api: createClient(bridge), transport: 'browser-host', bridge };
}

function takeToken(): string | null {
  const { token, rest } = extractHashToken(location.hash);
  if (token !== null) history.replaceState(history.state, '', `${location.pathname}${location.search}${rest}`);
  const stored = {
    link: safeSession((s) => s.getItem(TOKEN_STORAGE_KEY)) ?? null,
    session: safeSession((s) => s.getItem(SESSION_STORAGE_KEY)) ?? null,
  };
  const { present, store } = chooseCredential(token, stored);
  safeSession((s) => {
    if (store.link === null) s.removeItem(TOKEN_STORAGE_KEY);
    else s.setItem(TOKEN_STORAGE_KEY, store.link);
    if (store.session === null) s.removeItem(SESSION_STORAGE_KEY);
    else s.setItem(SESSION_STORAGE_KEY, store.session);
  });
  return present;
}

function safeSession<T>(fn: (storage: Storage) => T): T | undefined {
  try {
    return fn(window.sessionStorage);
  } catch {
    return undefined; // storage disabled: the token then only lives for this page load
  }
}
