// Every LXD call has a deadline, an answer read into memory has a cap, and a websocket upgrade has a
// handshake timeout: against real sockets that misbehave (they accept and never answer, answer the
// headers and stall, send without end, or never complete an upgrade). Short deadlines are passed in;
// what is checked is the typed error, not how long it took.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWebSocket } from '../../../src/main/lxd/transport';
import { createUnixTransport } from '../../../src/main/lxd/transport-unix';
import { probeServerCertificate } from '../../../src/main/lxd/probe';

type Behaviour = 'silent' | 'headers-then-stall' | 'endless-body';

function respond(socket: Socket, how: Behaviour): void {
  socket.on('error', () => undefined);
  socket.once('data', () => {
    if (how === 'silent') return;
    socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
    if (how === 'endless-body') {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!socket.destroyed && socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`));
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
    }
  });
}

const dir = mkdtempSync(join(tmpdir(), 'bcm-deadline-'));
const servers: (Server | TlsServer)[] = [];
const sockets: Socket[] = [];

let serial = 0;
function unixServer(how: Behaviour): Promise<string> {
  const path = join(dir, `${how}-${serial++}.sock`);
  const server = createServer((s) => {
    sockets.push(s);
    respond(s, how);
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(path, () => resolve(path)));
}

afterAll(() => {
  for (const s of sockets) s.destroy();
  for (const s of servers) s.close();
});

describe('calls over the unix socket', () => {
  it('give up on a server that accepts and never answers, with a deadline the caller can set', async () => {
    const t = createUnixTransport(await unixServer('silent'));
    await expect(t.request('GET', '/1.0', { timeoutMs: 200 })).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/did not answer within 0\.2 s/) });
    t.close();
  });

  it('give up on an answer whose body stalls after the headers', async () => {
    const t = createUnixTransport(await unixServer('headers-then-stall'));
    await expect(t.request('GET', '/1.0', { timeoutMs: 300 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    t.close();
  });

  it('stop reading an answer past its size cap', async () => {
    const t = createUnixTransport(await unixServer('endless-body'));
    await expect(t.request('GET', '/1.0', { timeoutMs: 10_000, maxBytes: 256 * 1024 })).rejects.toMatchObject({ code: 'LXD_ERROR', message: expect.stringMatching(/larger than 256 KiB/) });
    t.close();
  });

  it('give up on a websocket whose upgrade never completes', async () => {
    const t = createUnixTransport(await unixServer('silent'));
    await expect(openWebSocket(t.websocket('/1.0/events', 200), { kind: 'unix', socketPath: 'x' })).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/websocket upgrade in time/) });
    t.close();
  });
});

describe('the first-contact probe of an untrusted HTTPS server', () => {
  let key: string;
  let cert: string;
  beforeAll(() => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=not-lxd', '-days', '1', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
    key = readFileSync(join(dir, 'k.pem'), 'utf8');
    cert = readFileSync(join(dir, 'c.pem'), 'utf8');
  });

  function tlsServer(how: Behaviour): Promise<number> {
    const server = createTlsServer({ key, cert }, (s) => {
      sockets.push(s as unknown as Socket);
      respond(s as unknown as Socket, how);
    });
    servers.push(server);
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  }

  it('gives up when the server completes TLS and then never answers', async () => {
    const port = await tlsServer('silent');
    await expect(probeServerCertificate(`127.0.0.1:${port}`, { timeoutMs: 300 })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('reads at most 1 MiB of what it sends before it is trusted', async () => {
    const port = await tlsServer('endless-body');
    await expect(probeServerCertificate(`127.0.0.1:${port}`, { timeoutMs: 20_000 })).rejects.toMatchObject({ code: 'LXD_ERROR', message: expect.stringMatching(/larger than 1024 KiB/) });
  });
});
