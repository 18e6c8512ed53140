import tls from 'node:tls';
import WebSocket from 'ws';
import { z } from 'zod';
import type { TunnelEndpoint } from '../transport/http-client';
import type { RpcCredentials } from '../transport/json-rpc';
import { ExecTunnel } from '../transport/tunnel';
import type { BlockNotice } from './adapter';

const notificationSchema = z.object({ method: z.literal('blockconnected'), params: z.tuple([z.string(), z.number()]).rest(z.unknown()) });

/** Parses one websocket message of btcd; a block notice, or null for anything else. */
export function parseBtcdNotification(text: string): BlockNotice | null {
  try {
    const parsed = notificationSchema.safeParse(JSON.parse(text));
    return parsed.success ? { hash: parsed.data.params[0], height: parsed.data.params[1] } : null;
  } catch {
    return null;
  }
}

/**
 * Follows btcd's `notifyblocks` over its JSON-RPC websocket (/ws), carried by an exec tunnel:
 * one long-lived connection, no polling. Reconnects with back-off while the node is away.
 */
export function watchBtcdBlocks(
  endpoint: TunnelEndpoint,
  credentials: () => Promise<RpcCredentials>,
  onBlock: (notice: BlockNotice) => void,
  onState: (state: 'watching' | 'retrying', message?: string) => void,
): () => void {
  let stopped = false;
  let ws: WebSocket | undefined;
  let timer: NodeJS.Timeout | undefined;
  let attempt = 0;

  const connect = async (): Promise<void> => {
    if (stopped) return;
    let creds: RpcCredentials;
    try {
      creds = await credentials();
    } catch (err) {
      return retry(err instanceof Error ? err.message : String(err));
    }
    const auth = `Basic ${Buffer.from(`${creds.user}:${creds.password}`).toString('base64')}`;
    const cert = endpoint.tls?.cert;
    const socket = ws = new WebSocket(`${cert ? 'wss' : 'ws'}://localhost/ws`, {
      headers: { Authorization: auth },
      handshakeTimeout: 15_000,
      createConnection: () => {
        const tunnel = new ExecTunnel(endpoint.core, { project: endpoint.project, instance: endpoint.instance, target: endpoint.target, label: endpoint.label, ...(endpoint.relay ? { relay: endpoint.relay } : {}) });
        return cert ? tls.connect({ socket: tunnel, ca: cert, servername: 'localhost', checkServerIdentity: () => undefined }) : tunnel;
      },
    });
    socket.on('open', () => {
      attempt = 0;
      socket.send(JSON.stringify({ jsonrpc: '1.0', id: 1, method: 'notifyblocks', params: [] }));
      onState('watching');
    });
    socket.on('message', (data) => {
      const notice = parseBtcdNotification(data.toString());
      if (notice) onBlock(notice);
    });
    socket.on('error', () => undefined);
    socket.on('close', (code, reason) => {
      if (ws === socket) ws = undefined;
      retry(`the connection closed (${code}${reason.length ? `: ${reason.toString()}` : ''})`);
    });
  };

  const retry = (message: string): void => {
    if (stopped) return;
    onState('retrying', message);
    const delay = Math.min(30_000, 2_000 * 2 ** attempt++);
    timer = setTimeout(() => void connect(), delay);
  };

  void connect();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    ws?.terminate();
  };
}
