import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LxdClient, createUnixTransport, findLocalSocket } from '../../../src/main/lxd';
import { SOCKET, run } from './helpers';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const work = mkdtempSync(path.join(tmpdir(), 'bcmt-local-'));
chmodSync(work, 0o755);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A socket file nobody listens on (what a crashed daemon leaves behind). */
async function staleSocket(): Promise<string> {
  const p = path.join(work, 'stale.socket');
  await run('python3', ['-c', `import socket; s = socket.socket(socket.AF_UNIX); s.bind(${JSON.stringify(p)})`]);
  return p;
}

describe('finding and reaching the local LXD', () => {
  it('finds the running daemon where lxc looks (ready)', async () => {
    const found = await findLocalSocket({ LXD_SOCKET: SOCKET });
    expect(found).toMatchObject({ state: 'ready', socketPath: SOCKET });
  });

  it('says LXD is missing, with an install step, when no socket exists', async () => {
    const found = await findLocalSocket({}, { candidates: [path.join(work, 'none.socket')] });
    expect(found.state).toBe('missing');
    expect(found.nextStep).toMatch(/apt install lxd|snap install lxd/);
    const client = new LxdClient(createUnixTransport(path.join(work, 'none.socket')));
    await expect(client.server.get()).rejects.toMatchObject({ code: 'LXD_MISSING' });
  });

  it('says LXD is not running, with a start step, when the socket refuses connections', async () => {
    const stale = await staleSocket();
    const found = await findLocalSocket({ LXD_SOCKET: stale }, { candidates: [stale] });
    expect(found).toMatchObject({ state: 'not-running', socketPath: stale });
    expect(found.nextStep).toMatch(/start/i);
    const client = new LxdClient(createUnixTransport(stale));
    await expect(client.server.get()).rejects.toMatchObject({ code: 'LXD_NOT_RUNNING' });
    // a dead candidate does not hide a live one behind it
    expect((await findLocalSocket({}, { candidates: [stale, SOCKET] })).state).toBe('ready');
  });

  it('says the user lacks permission (run as uid 65534 against the 0660 root socket)', async () => {
    if (process.getuid?.() !== 0) {
      // Only root can start a process as another user; as a normal user the socket check is
      // what the user sees anyway (the lxd group).
      expect.fail(
        'this test needs root to switch to uid 65534 (run the integration tests as root, like setup-test-env.sh)',
      );
    }
    const script = path.join(work, 'probe.mts');
    writeFileSync(
      script,
      `import { findLocalSocket, LxdClient, createUnixTransport } from ${JSON.stringify(path.join(repo, 'src/main/lxd/index.ts'))};
const found = await findLocalSocket({ LXD_SOCKET: ${JSON.stringify(SOCKET)} }, { candidates: [${JSON.stringify(SOCKET)}] });
const err = await new LxdClient(createUnixTransport(${JSON.stringify(SOCKET)})).server.get().then(() => null, (e) => ({ code: e.code, message: e.message }));
console.log(JSON.stringify({ uid: process.getuid(), found, err }));
`,
    );
    const home = path.join(work, 'nobody');
    mkdirSync(home, { recursive: true });
    chownSync(home, 65534, 65534);
    const tsx = path.join(repo, 'node_modules/tsx/dist/cli.mjs');
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [tsx, script],
        {
          uid: 65534,
          gid: 65534,
          cwd: work,
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: home },
        },
        (error, out, errOut) => (error ? reject(new Error(`${error.message}\n${errOut}`)) : resolve(out)),
      );
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      uid: number;
      found: { state: string; nextStep?: string };
      err: { code: string; message: string } | null;
    };
    expect(result.uid).toBe(65534);
    expect(result.found.state).toBe('no-permission');
    expect(result.found.nextStep).toMatch(/usermod -aG lxd/);
    expect(result.err?.code).toBe('PERMISSION_DENIED');
    expect(result.err?.message).toMatch(/lxd. group/);
  }, 60_000);
});
