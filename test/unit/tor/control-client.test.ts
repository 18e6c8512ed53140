import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TorControl, TorControlError } from '../../../src/main/tor/control/client';
import type { ControlEvent } from '../../../src/main/tor/control/protocol';

/**
 * The control client against a small scripted control port on loopback (it speaks the protocol
 * as Tor 0.4.9 does: SAFECOOKIE, multi-line replies, 650 events between replies).
 */
interface Fake {
  port: number;
  received: string[];
  send(text: string): void;
  close(): Promise<void>;
}

async function fakeTor(cookie: Buffer, cookieFile: string, answer: (line: string) => string | undefined): Promise<Fake> {
  const received: string[] = [];
  const sockets = new Set<net.Socket>();
  let serverNonce = Buffer.alloc(0);
  let clientNonce = Buffer.alloc(0);
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        received.push(line);
        if (line === 'PROTOCOLINFO 1') {
          socket.write(`250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE="${cookieFile}"\r\n250-VERSION Tor="0.4.9.11"\r\n250 OK\r\n`);
        } else if (line.startsWith('AUTHCHALLENGE SAFECOOKIE ')) {
          clientNonce = Buffer.from(line.split(' ')[2] ?? '', 'hex');
          serverNonce = randomBytes(32);
          const hash = createHmac('sha256', 'Tor safe cookie authentication server-to-controller hash')
            .update(Buffer.concat([cookie, clientNonce, serverNonce]))
            .digest('hex')
            .toUpperCase();
          socket.write(`250 AUTHCHALLENGE SERVERHASH=${hash} SERVERNONCE=${serverNonce.toString('hex').toUpperCase()}\r\n`);
        } else if (line.startsWith('AUTHENTICATE ')) {
          const expected = createHmac('sha256', 'Tor safe cookie authentication controller-to-server hash')
            .update(Buffer.concat([cookie, clientNonce, serverNonce]))
            .digest('hex');
          socket.write(line.slice(13).toLowerCase() === expected ? '250 OK\r\n' : '515 Authentication failed: Safe cookie response did not match expected value.\r\n');
        } else {
          socket.write(answer(line) ?? '510 Unrecognized command\r\n');
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    received,
    send: (text) => sockets.forEach((s) => s.write(text)),
    close: () =>
      new Promise((r) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => r());
      }),
  };
}

describe('Tor control client', () => {
  let dir: string;
  let cookieFile: string;
  const cookie = randomBytes(32);
  let fake: Fake | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcm-ctl-'));
    cookieFile = join(dir, 'control_auth_cookie');
    await writeFile(cookieFile, cookie);
  });
  afterEach(async () => {
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('authenticates with SAFECOOKIE and runs typed commands in order', async () => {
    const id = 'a'.repeat(56);
    fake = await fakeTor(cookie, cookieFile, (line) => {
      if (line === 'GETINFO version status/bootstrap-phase') {
        return '250-version=0.4.9.11\r\n250-status/bootstrap-phase=NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"\r\n250 OK\r\n';
      }
      if (line.startsWith('ADD_ONION ')) return `250-ServiceID=${id}\r\n250 OK\r\n`;
      if (line.startsWith('ONION_CLIENT_AUTH_ADD ')) return '251 Client for onion existed and replaced\r\n';
      if (line === 'ONION_CLIENT_AUTH_VIEW') return `250-ONION_CLIENT_AUTH_VIEW\r\n250-CLIENT ${id} x25519:AAAA=\r\n250 OK\r\n`;
      if (line === `DEL_ONION ${id}`) return '552 Unknown Onion Service id\r\n';
      return undefined;
    });
    const control = await TorControl.connect({ host: '127.0.0.1', port: fake.port });
    const info = await control.authenticate();
    expect(info).toMatchObject({ methods: ['COOKIE', 'SAFECOOKIE'], torVersion: '0.4.9.11' });
    const [a, b] = await Promise.all([control.getInfo('version', 'status/bootstrap-phase'), control.clientAuthView()]);
    expect(a['version']).toBe('0.4.9.11');
    expect(b).toEqual([{ address: id, key: 'x25519:AAAA=', flags: [] }]);
    const pub = 'B'.repeat(52);
    expect(await control.addOnion({ key: 'NEW:ED25519-V3', ports: [{ virtual: 8443, target: '127.0.0.1:8443' }], clientAuthV3: [pub], detach: true })).toEqual({ serviceId: id });
    expect(fake.received).toContain(`ADD_ONION NEW:ED25519-V3 Flags=Detach,V3Auth Port=8443,127.0.0.1:8443 ClientAuthV3=${pub}`);
    await control.clientAuthAdd(id, 'AAAA=');
    await expect(control.delOnion(id)).rejects.toEqual(new TorControlError('DEL_ONION', 552, 'Unknown Onion Service id'));
    await expect(control.addOnion({ key: 'NEW:ED25519-V3', ports: [{ virtual: 8443, target: '127.0.0.1:8443 Flags=x' }] })).rejects.toThrow(/invalid onion target/);
    control.close();
  });

  it('refuses a control port that fails the SAFECOOKIE check', async () => {
    fake = await fakeTor(randomBytes(32), cookieFile, () => undefined); // it knows another cookie
    const control = await TorControl.connect({ host: '127.0.0.1', port: fake.port });
    await expect(control.authenticate()).rejects.toThrow(/SAFECOOKIE check/);
    control.close();
  });

  it('subscribes to events, dispatches them by type and fails pending commands when the connection drops', async () => {
    fake = await fakeTor(cookie, cookieFile, (line) => (line.startsWith('SETEVENTS') ? '250 OK\r\n' : line === 'GETINFO slow' ? '' : undefined));
    const control = await TorControl.connect({ host: '127.0.0.1', port: fake.port });
    await control.authenticate();
    const seen: ControlEvent[] = [];
    await control.on('STATUS_CLIENT', (e) => seen.push(e));
    await control.on('HS_DESC', (e) => seen.push(e));
    expect(fake.received.filter((l) => l.startsWith('SETEVENTS'))).toEqual(['SETEVENTS STATUS_CLIENT', 'SETEVENTS STATUS_CLIENT HS_DESC']);
    const closed = new Promise<Error | undefined>((r) => control.onClose(r));
    fake.send('650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=10 TAG=conn_done SUMMARY="Connected to a relay"\r\n650 HS_DESC UPLOADED abc NO_AUTH x y\r\n650 CIRC 1 BUILT\r\n');
    const pending = control.getInfo('slow');
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.map((e) => e.type)).toEqual(['STATUS_CLIENT', 'HS_DESC']);
    await fake.close();
    fake = undefined;
    await expect(pending).rejects.toThrow(/closed/);
    expect((await closed)?.message).toMatch(/closed/);
    expect(control.isClosed).toBe(true);
    await expect(control.getInfo('version')).rejects.toThrow(/closed/);
  });

  it('refuses commands that would smuggle a second line', async () => {
    fake = await fakeTor(cookie, cookieFile, () => undefined);
    const control = await TorControl.connect({ host: '127.0.0.1', port: fake.port });
    await expect(control.command('GETINFO version\r\nSIGNAL HALT')).rejects.toThrow(/one line/);
    await expect(control.getInfo('version\nSIGNAL')).rejects.toThrow(/invalid GETINFO key/);
    control.close();
  });
});
