import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOnionServiceKey } from '../../../src/main/tor/keys';
import { TorService } from '../../../src/main/tor/service';
import type { TorStatus } from '../../../src/shared/channels/tor';

/**
 * The Tor child process on its own (no network needed): Tor missing, a bootstrap deadline, a
 * crash and its restart, and no `tor` left behind when the app is killed.
 */

// A test network whose only authority does not exist: Tor starts but can never bootstrap.
const UNREACHABLE_NETWORK = [
  'TestingTorNetwork 1',
  `DirAuthority nowhere orport=9 no-v2 v3ident=${'A'.repeat(40)} 127.0.0.1:9 ${'B'.repeat(40)}`,
];

/** Running (a zombie waiting for its reaper counts as gone). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** pids of `tor` processes whose parent is `ppid` (from /proc). */
async function torChildrenOf(ppid: number): Promise<number[]> {
  const out: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
    if (m && m[1] === 'tor' && Number(m[2]) === ppid) out.push(Number(entry));
  }
  return out;
}

describe('the Tor child process', () => {
  let dir: string;
  const services: TorService[] = [];

  const service = (settings: { torPath?: string; bootstrapTimeoutMs?: number; extra?: string[] }, backoffMs?: number[]): TorService => {
    const s = new TorService({
      dir: join(dir, `tor-${services.length}`),
      settings: async () => ({
        extraLines: [...UNREACHABLE_NETWORK, ...(settings.extra ?? [])],
        bootstrapTimeoutMs: settings.bootstrapTimeoutMs ?? 120_000,
        ...(settings.torPath ? { torPath: settings.torPath } : {}),
      }),
      ...(backoffMs ? { backoffMs } : {}),
    });
    services.push(s);
    return s;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcmt-tor-life-'));
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('says Tor is missing, with the install steps', async () => {
    const tor = service({ torPath: '/nonexistent/bin/tor' });
    await expect(tor.start()).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/apt install tor/),
      detail: expect.objectContaining({ reason: 'tor-missing' }),
    });
    expect(tor.status()).toMatchObject({ state: 'failed', error: { code: 'NOT_FOUND' } });
  });

  it('names the setting the real Tor refused, not "see warnings above"', async () => {
    // (the settings channel's allow-list keeps such a line out; main and the CLI can still set one)
    const tor = service({ extra: ['SocksPolicyy accept *'] });
    await expect(tor.start()).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/^Tor refused its settings: ".*Unknown option 'SocksPolicyy'.*" Remove or correct that line/),
      detail: expect.objectContaining({ reason: 'tor-config' }),
    });
    expect(tor.status().error?.message).not.toMatch(/see warnings above/);
  });

  it('gives up at the bootstrap deadline, explains why, and leaves no tor behind', async () => {
    const tor = service({ bootstrapTimeoutMs: 4_000 });
    const proc = await tor.start();
    const pid = proc.pid as number;
    expect(alive(pid)).toBe(true);
    await expect(tor.ready()).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/could not reach any relay|bridges/) });
    const failed = await until('the failed state', () => (tor.status().state === 'failed' ? tor.status() : undefined));
    expect(failed.error?.detail?.['reason']).toMatch(/^tor-bootstrap-/);
    await until('tor to exit', () => (alive(pid) ? undefined : true), 10_000);
  });

  it('restarts Tor with back-off when it crashes', async () => {
    const tor = service({}, [300]);
    const states: TorStatus['state'][] = [];
    tor.onStatus((s) => states.push(s.state));
    const first = await tor.start();
    const firstPid = first.pid as number;
    process.kill(firstPid, 'SIGKILL');
    const restarted = await until('a new tor', () => {
      const s = tor.status();
      return s.pid !== undefined && s.pid !== firstPid && s.state === 'bootstrapping' ? s : undefined;
    });
    expect(restarted.restarts).toBe(1);
    expect(states).toContain('restarting');
    expect(alive(restarted.pid as number)).toBe(true);
    await tor.stop();
    expect(alive(restarted.pid as number)).toBe(false);
    expect(tor.status().state).toBe('stopped');
  });

  const hostJs = resolve('dist/main/host.js');
  it.skipIf(!existsSync(hostJs))('leaves no tor child when the app is killed with SIGKILL (skipped if dist/ is not built)', async () => {
    const home = join(dir, 'home');
    await mkdir(join(home, 'endpoints'), { recursive: true });
    // an onion endpoint makes the app start its Tor at launch
    const { serviceId } = generateOnionServiceKey();
    await writeFile(
      join(home, 'endpoints', 'bcmt-tor-kill.json'),
      JSON.stringify({ schemaVersion: 1, name: 'bcmt-tor-kill', kind: 'onion', address: `${serviceId}.onion:8443`, serverFingerprint: 'a'.repeat(64), addedAt: new Date().toISOString() }),
    );
    const extra = join(dir, 'unreachable.torrc');
    await writeFile(extra, `${UNREACHABLE_NETWORK.join('\n')}\n`);
    const host = spawn(process.execPath, [hostJs, '--port', '0'], { env: { ...process.env, BCM_HOME: home, BCM_TOR_EXTRA_TORRC: extra }, stdio: 'ignore' });
    try {
      const hostPid = host.pid as number;
      const [torPid] = await until('a tor child of the host', async () => {
        const pids = await torChildrenOf(hostPid);
        return pids.length > 0 ? pids : undefined;
      });
      host.kill('SIGKILL');
      const started = Date.now();
      await until('tor to exit after its app died', () => (alive(torPid as number) ? undefined : true), 20_000);
      console.log(`[tor] tor exited ${Date.now() - started} ms after the app was killed`);
    } finally {
      if (host.exitCode === null) host.kill('SIGKILL');
    }
  });
});
