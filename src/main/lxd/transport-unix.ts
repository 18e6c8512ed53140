import http from 'node:http';
import WebSocket from 'ws';
import type { TransportTarget } from './errors';
import {
  sendRequest,
  type LxdTransport,
  type TransportRequestOptions,
  type TransportResponse,
  type TransportStreamResponse,
  WS_HANDSHAKE_TIMEOUT_MS,
  requestWhole,
} from './transport';

/** The local daemon over its unix socket; one keep-alive connection pool per transport. */
export function createUnixTransport(socketPath: string): LxdTransport {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const target: TransportTarget = { kind: 'unix', socketPath };

  const open = (method: string, path: string, options: TransportRequestOptions) =>
    sendRequest(http.request, { agent, socketPath, method, path, headers: { Host: 'lxd' } }, target, options);

  return {
    kind: 'unix',
    description: `unix:${socketPath}`,
    target,
    request(method: string, path: string, options: TransportRequestOptions = {}): Promise<TransportResponse> {
      return requestWhole(open, target, method, path, options);
    },
    async stream(
      method: string,
      path: string,
      options: TransportRequestOptions = {},
    ): Promise<TransportStreamResponse> {
      const res = await open(method, path, options);
      return { status: res.statusCode ?? 0, headers: res.headers, body: res };
    },
    websocket(path: string, handshakeTimeoutMs = WS_HANDSHAKE_TIMEOUT_MS): WebSocket {
      return new WebSocket(`ws+unix://${socketPath}:${path}`, { perMessageDeflate: false, handshakeTimeout: handshakeTimeoutMs });
    },
    close(): void {
      agent.destroy();
    },
  };
}
