import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient } from '../../src/shared/client';
import { createWsBridge, type WebSocketLike } from '../../src/shared/ws-bridge';
import { MAX_FRAME_BYTES, startHost, WS_PATH, type RunningHost } from '../../src/main/host/server';
import type { Router } from '../../src/main/ipc/router';
import { contractSuite } from './suite';
import { createFixture } from './fixture';

let staticDir: string;
beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'bcm-host-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>BCM</title>');
});
afterAll(async () => {
  await rm(staticDir, { recursive: true, force: true });
});

function connectWs(host: RunningHost, opts: { token?: string; origin?: string; hostHeader?: string } = {}): WebSocket {
  const origin = opts.origin ?? `http://127.0.0.1:${host.port}`;
  const headers: Record<string, string> = {};
  if (opts.hostHeader) headers.host = opts.hostHeader;
  return new WebSocket(`ws://127.0.0.1:${host.port}${WS_PATH}?token=${encodeURIComponent(opts.token ?? tokenOf(host.newLink()))}`, {
    origin,
    headers,
  });
}

/** the one-time token of a link like http://127.0.0.1:P/#token=T */
const tokenOf = (link: string): string => new URLSearchParams(new URL(link).hash.slice(1)).get('token') ?? '';

contractSuite('the browser host WebSocket', async (router) => {
  const host = await startHost({ router, staticDir });
  const bridge = createWsBridge('unused', () => connectWs(host) as unknown as WebSocketLike);
  await bridge.ready;
  return {
    api: createClient(bridge),
    close: async () => {
      bridge.close();
      await host.close();
    },
  };
});

describe('browser host security', () => {
  let host: RunningHost;
  beforeAll(async () => {
    host = await startHost({ router: createFixture().router, staticDir });
  });
  afterAll(async () => host.close());

  const upgradeStatus = (ws: WebSocket): Promise<number | 'open'> =>
    new Promise((resolve) => {
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });

  it('binds loopback only and prints a URL carrying the token in the fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('accepts the right token from a loopback origin', async () => {
    expect(await upgradeStatus(connectWs(host))).toBe('open');
  });

  it('spends a link on first use: the tab gets a session secret, the same link elsewhere opens nothing', async () => {
    const link = host.newLink();
    const first = connectWs(host, { token: tokenOf(link) });
    const session = await new Promise<string>((resolve) => first.once('message', (data) => resolve((JSON.parse(String(data)) as { t: string; secret: string }).secret)));
    expect(session.length).toBeGreaterThanOrEqual(40);
    // the same link in a second tab: told why, in words, and closed
    const again = connectWs(host, { token: tokenOf(link) });
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => again.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    expect(closed).toEqual({ code: 4409, reason: 'This link was already used. Press Enter where BCM runs to get a new one.' });
    // a reload of the first tab presents its session, which keeps working
    expect(await upgradeStatus(connectWs(host, { token: session }))).toBe('open');
    expect(await upgradeStatus(connectWs(host, { token: session }))).toBe('open');
    first.close();
    // the printed first link works once too
    expect(await upgradeStatus(connectWs(host, { token: host.token }))).toBe('open');
    const reused = connectWs(host, { token: host.token });
    expect(await new Promise<number>((resolve) => reused.on('close', (code) => resolve(code)))).toBe(4409);
  });

  it('refuses a wrong or missing token', async () => {
    expect(await upgradeStatus(connectWs(host, { token: 'wrong' }))).toBe(401);
    expect(await upgradeStatus(connectWs(host, { token: '' }))).toBe(401);
  });

  it('refuses a foreign Origin (another web page in the same browser)', async () => {
    expect(await upgradeStatus(connectWs(host, { origin: 'https://evil.example' }))).toBe(403);
    expect(await upgradeStatus(connectWs(host, { origin: `http://127.0.0.1:${host.port + 1}` }))).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect(await upgradeStatus(connectWs(host, { hostHeader: `evil.example:${host.port}` }))).toBe(421);
    // fetch() may not set Host, so ask with node:http
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: `rebind.example:${host.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('serves the renderer with a strict CSP and no way out of its folder', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>BCM</title>');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      const r = await fetch(`http://127.0.0.1:${host.port}${path}`);
      expect(r.status, path).toBe(404);
    }
    const post = await fetch(`http://127.0.0.1:${host.port}/`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('closes a connection that sends something other than the protocol', async () => {
    const ws = connectWs(host);
    await new Promise((r) => ws.on('open', r));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send('{"t":"invoke","id":"not a number"}');
    expect(await closed).toBe(1003);
  });

  const openWs = async (ws: WebSocket): Promise<WebSocket> => {
    await new Promise((r, j) => {
      ws.once('open', r);
      ws.once('error', j);
    });
    return ws;
  };
  const invokeOnce = (ws: WebSocket, channel: string, input: unknown): Promise<unknown> =>
    new Promise((resolve) => {
      ws.once('message', (data) => resolve(JSON.parse(String(data))));
      ws.send(JSON.stringify({ t: 'invoke', id: 1, channel, input }));
    });

  it('survives a frame over the size limit and a malformed frame: only that client is closed', async () => {
    const big = await openWs(connectWs(host));
    const bigClosed = new Promise<number>((resolve) => big.on('close', (code) => resolve(code)));
    big.on('error', () => undefined); // the client side sees the server's close as an error too
    big.send(Buffer.alloc(MAX_FRAME_BYTES + 1, 0x20).toString());
    expect(await bigClosed).toBe(1009); // "message too big"

    // a frame with a reserved opcode: a protocol error on the server's side
    const raw = await openWs(connectWs(host));
    const rawClosed = new Promise<void>((resolve) => raw.on('close', () => resolve()));
    raw.on('error', () => undefined);
    (raw as unknown as { _socket: { write(b: Buffer): void } })._socket.write(Buffer.from([0x83, 0x80, 0, 0, 0, 0]));
    await rawClosed;

    // the host is still there for everyone else
    const other = await openWs(connectWs(host));
    expect(await invokeOnce(other, 'endpoints.list', {})).toMatchObject({ t: 'result', id: 1, result: { ok: true } });
    other.close();
  });
});

describe('a WebSocket session whose handler fails', () => {
  it('answers a rejected invoke with a typed error instead of leaving the page waiting', async () => {
    const failing: Router = {
      invoke: () => Promise.reject(new Error('a bug in a handler')),
      subscribe: () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'none' } }),
    };
    const host = await startHost({ router: failing, staticDir });
    try {
      const ws = await openWsOn(host);
      const answer = await new Promise<unknown>((resolve) => {
        ws.once('message', (data) => resolve(JSON.parse(String(data))));
        ws.send(JSON.stringify({ t: 'invoke', id: 7, channel: 'endpoints.list', input: {} }));
      });
      expect(answer).toEqual({ t: 'result', id: 7, result: { ok: false, error: { code: 'INTERNAL', message: 'BCM could not answer this request.' } } });
      ws.close();
    } finally {
      await host.close();
    }
  });
});

async function openWsOn(host: RunningHost): Promise<WebSocket> {
  const ws = connectWs(host);
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  return ws;
}


describe('a browser host restarted with its state file', () => {
  it('listens on the same port again and still knows the tabs it gave sessions to (hashes only, 0600)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bcm-host-state-'));
    const stateFile = join(dir, 'state', 'host.json');
    try {
      const first = await startHost({ router: createFixture().router, staticDir, stateFile });
      const ws = connectWs(first);
      const session = await new Promise<string>((resolve) => ws.once('message', (data) => resolve((JSON.parse(String(data)) as { secret: string }).secret)));
      ws.close();
      const port = first.port;
      await first.close();

      const saved = await readFile(stateFile, 'utf8');
      expect(saved).not.toContain(session);
      expect((await stat(stateFile)).mode & 0o777).toBe(0o600);

      const again = await startHost({ router: createFixture().router, staticDir, stateFile });
      try {
        expect(again.port).toBe(port);
        // the old tab's Reload presents its session: admitted without a new link
        const reloaded = connectWs(again, { token: session });
        await new Promise<void>((resolve, reject) => {
          reloaded.once('open', () => resolve());
          reloaded.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
        });
        reloaded.close();
        // anything else is still refused
        const stranger = connectWs(again, { token: 'x'.repeat(43) });
        const status = await new Promise<number>((resolve) => stranger.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
        expect(status).toBe(401);
      } finally {
        await again.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes any free port when its last one is taken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bcm-host-state-'));
    const stateFile = join(dir, 'host.json');
    try {
      const first = await startHost({ router: createFixture().router, staticDir, stateFile });
      const second = await startHost({ router: createFixture().router, staticDir, stateFile }); // the first still holds it
      expect(second.port).not.toBe(first.port);
      await Promise.all([first.close(), second.close()]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
