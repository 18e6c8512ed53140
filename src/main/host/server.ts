import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Router } from '../ipc/router';
import { readHostState, sessionHash, writeHostState, type HostState } from './host-state';
import { HostLinks, LINK_USED } from './links';
import { contentSecurityPolicy, isAllowedHost, isAllowedOrigin } from './security';
import { serveStatic } from './static-files';
import { serveSession } from './ws-session';

export interface HostOptions {
  router: Router;
  /** the built renderer (dist/renderer) */
  staticDir: string;
  /** 0 picks a free port */
  port?: number;
  /** the first link's one-time token: random unless given (tests) */
  token?: string;
  /**
   * ~/.bcm.host.json: remembers the port and the tabs' sessions (hashed) across restarts.
   * With it, a port of 0 means "the last one if it is free, else any".
   */
  stateFile?: string;
}

export interface RunningHost {
  /** the first link (one-time) */
  url: string;
  port: number;
  /** the first link's one-time token */
  token: string;
  /** another one-time link, for another tab or browser */
  newLink(): string;
  close(): Promise<void>;
}

export const WS_PATH = '/api';

function reject(socket: Duplex, status: number, text: string): void {
  socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * The browser host: serves the built renderer and carries the IPC contract over a WebSocket.
 * Binds 127.0.0.1 only, and requires the per-start token and a loopback Origin/Host.
 */
/** the largest frame a page may send; larger ones end that connection (not the host) */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const saved = options.stateFile ? readHostState(options.stateFile) : undefined;
  const keep = (change: (state: HostState) => HostState): void => {
    if (!options.stateFile) return;
    try {
      writeHostState(options.stateFile, change(readHostState(options.stateFile)));
    } catch (err) {
      console.error(`[bcm] could not write ${options.stateFile}: ${(err as Error).message}`);
    }
  };
  const links = new HostLinks(
    (saved?.sessions ?? []).map((s) => s.sha256),
    (secret) => keep((state) => ({ ...state, sessions: [...state.sessions, { sha256: sessionHash(secret), createdAt: new Date().toISOString() }] })),
  );
  const token = options.token ?? links.mint();
  if (options.token !== undefined) links.add(options.token);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  wss.on('error', () => undefined);
  let port = 0;

  const server: Server = createServer((req, res) => {
    const security = {
      'content-security-policy': contentSecurityPolicy(port),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    };
    if (!isAllowedHost(req.headers.host, port)) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('This host only answers on 127.0.0.1');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return;
    }
    void serveStatic(options.staticDir, req.url ?? '/', res, security);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // a client that resets mid-handshake must not end the host
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== WS_PATH) return reject(socket, 404, 'Not Found');
    if (!isAllowedHost(req.headers.host, port)) return reject(socket, 421, 'Misdirected Request');
    if (!isAllowedOrigin(req.headers.origin, port)) return reject(socket, 403, 'Forbidden');
    const admission = links.admit(url.searchParams.get('token'));
    if (admission.kind === 'refused') return reject(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      // a spent link is told so in words (a browser cannot read a refused upgrade's status)
      if (admission.kind === 'used') return ws.close(LINK_USED.code, LINK_USED.reason);
      if (admission.kind === 'redeemed') ws.send(JSON.stringify({ t: 'session', secret: admission.session }));
      serveSession(ws, options.router);
    });
  });

  const listen = (p: number): Promise<void> =>
    new Promise<void>((resolve, rejectListen) => {
      server.once('error', rejectListen);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', rejectListen);
        resolve();
      });
    });
  const wanted = options.port ?? 0;
  const previous = wanted === 0 ? saved?.port : undefined;
  // the last port when it is free, so an open tab's Reload finds the host again
  await (previous ? listen(previous).catch(() => listen(0)) : listen(wanted));
  port = (server.address() as AddressInfo).port;
  keep((state) => ({ ...state, port }));

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    newLink: () => `http://127.0.0.1:${port}/#token=${links.mint()}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
