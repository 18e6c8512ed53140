import http from 'node:http';
import WebSocket from 'ws';
import { mapTransportError, type TransportTarget } from './errors';
import {
  readAll,
  sendRequest,
  type LxdTransport,
  type TransportRequestOptions,
  type TransportResponse,
  type TransportStreamResponse,
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
    async request(method: string, path: string, options: TransportRequestOptions = {}): Promise<TransportResponse> {
      const res = await open(method, path, options);
      const body = await readAll(res).catch((err: unknown) => {
        throw mapTransportError(err, target);
      });
      return { status: res.statusCode ?? 0, headers: res.headers, body };
    },
    async stream(
      method: string,
      path: string,
      options: TransportRequestOptions = {},
    ): Promise<TransportStreamResponse> {
      const res = await open(method, path, options);
      return { status: res.statusCode ?? 0, headers: res.headers, body: res };
    },
    websocket(path: string): WebSocket {
      return new WebSocket(`ws+unix://${socketPath}:${path}`, { perMessageDeflate: false });
    },
    close(): void {
      agent.destroy();
    },
  };
}
