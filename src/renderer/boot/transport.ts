import { createClient, type BcmApi } from '../../shared/client';
import { createWsBridge, type WsBridge } from '../../shared/ws-bridge';
import { useConnectionStore } from './connection-store';
import { TOKEN_STORAGE_KEY, apiSocketUrl, extractHashToken } from './token';

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
  const bridge = createWsBridge(url, (u) => new WebSocket(u));
  let opened = false;
  connection.set('connecting');
  bridge.onConnectionChange((state) => {
    if (state === 'open') {
      opened = true;
      useConnectionStore.getState().set('open');
    } else {
      useConnectionStore.getState().set(opened ? 'lost' : 'failed', useConnectionStore.getState().reason);
    }
  });
  bridge.ready.catch((err: unknown) => {
    const reason = err instanceof Error ? err.message : String(err);
    useConnectionStore.getState().set(opened ? 'lost' : 'failed', reason);
  });
  return { kind: 'ready', api: createClient(bridge), transport: 'browser-host', bridge };
}

function takeToken(): string | null {
  const { token, rest } = extractHashToken(location.hash);
  if (token !== null) {
    safeSession((s) => s.setItem(TOKEN_STORAGE_KEY, token));
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest}`);
    return token;
  }
  return safeSession((s) => s.getItem(TOKEN_STORAGE_KEY)) ?? null;
}

function safeSession<T>(fn: (storage: Storage) => T): T | undefined {
  try {
    return fn(window.sessionStorage);
  } catch {
    return undefined; // storage disabled: the token then only lives for this page load
  }
}
