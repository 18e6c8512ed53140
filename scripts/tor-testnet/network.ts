import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBootstrap } from '../../src/main/tor/bootstrap';
import { TorControl } from '../../src/main/tor/control/client';
import { freeLoopbackPort } from '../../src/main/tor/ports';
import { findTor } from '../../src/main/tor/process';
import { clientLines, nodeTorrc, type AuthorityInfo, type NodeConfig } from './config';
import { installKeys, nodeKeys } from './keys';

/**
 * A private Tor network on 127.0.0.1 for the integration and end-to-end tests: 3 directory
 * authorities (also relays, guards, exits and HSDirs), 2 relays (a rendezvous circuit of an
 * onion service needs 4 distinct relays), and one node that hosts onion services and is driven
 * over its control port, as BCM's gateway will be. Keys are cached (see keys.ts).
 */

export interface TestnetOptions {
  /** the folder of this run (default: a fresh temp folder, removed by stop()) */
  root?: string;
  authorities?: number;
  relays?: number;
  /** nodes exit when this pid dies (default: this process; 0 = no owner, for the CLI) */
  ownerPid?: number;
  keysCache?: string;
}

export interface Testnet {
  root: string;
  /** torrc lines a client (BCM's own Tor) needs to join */
  clientLines: string[];
  /** the node that hosts onion services */
  onion: { control: { host: string; port: number }; cookieFile: string; dataDir: string };
  pids: number[];
  /** how long key preparation took and whether keys were made now */
  keys: { ms: number; generated: number };
  startedAt: number;
  stop(): Promise<void>;
}

export { freeLoopbackPort as freePort };

/** What a test needs of a network another process started (vitest's globalSetup shares one per tier). */
export type SharedTestnet = Pick<Testnet, 'root' | 'clientLines' | 'onion'>;

async function gencertPath(torPath: string): Promise<string> {
  const candidates = [join(torPath, '..', 'tor-gencert'), '/usr/bin/tor-gencert', '/usr/local/bin/tor-gencert'];
  for (const c of candidates) {
    try {
      await readFile(c);
      return c;
    } catch {
      // next
    }
  }
  throw new Error('tor-gencert was not found (Debian ships it in the `tor` package)');
}

export async function startTestnet(opts: TestnetOptions = {}): Promise<Testnet> {
  const torPath = await findTor(process.env['BCM_TOR_PATH'] || undefined);
  const gencert = await gencertPath(torPath);
  const root = opts.root ?? (await mkdtemp(join(tmpdir(), 'bcm-tor-testnet-')));
  const ownerPid = opts.ownerPid ?? process.pid;
  const nAuth = opts.authorities ?? 3;
  const nRelay = opts.relays ?? 2;

  const keysStarted = Date.now();
  const names = [
    ...Array.from({ length: nAuth }, (_, i) => ({ nick: `bcmauth${i}`, role: 'authority' as const })),
    ...Array.from({ length: nRelay }, (_, i) => ({ nick: `bcmrelay${i}`, role: 'relay' as const })),
  ];
  const keyOpts = (nick: string, authority: boolean) =>
    opts.keysCache !== undefined
      ? { nick, authority, torPath, gencertPath: gencert, cache: opts.keysCache }
      : { nick, authority, torPath, gencertPath: gencert };
  const keys = await Promise.all(names.map((n) => nodeKeys(keyOpts(n.nick, n.role === 'authority'))));
  const keysMs = Date.now() - keysStarted;

  const nodes: (NodeConfig & { keysIndex?: number })[] = [];
  for (const [i, n] of names.entries()) {
    nodes.push({ nick: n.nick, role: n.role, dataDir: join(root, n.nick), orPort: await freeLoopbackPort(), dirPort: await freeLoopbackPort(), keysIndex: i });
  }
  const onionNode: NodeConfig = { nick: 'bcmonion', role: 'onion', dataDir: join(root, 'bcmonion'), controlPort: await freeLoopbackPort() };
  nodes.push(onionNode);
  if (ownerPid > 0) for (const n of nodes) n.ownerPid = ownerPid;

  const authorities: AuthorityInfo[] = nodes.flatMap((n) => {
    const k = n.keysIndex !== undefined ? keys[n.keysIndex] : undefined;
    return n.role === 'authority' && k?.v3ident && n.orPort && n.dirPort
      ? [{ nick: n.nick, orPort: n.orPort, dirPort: n.dirPort, v3ident: k.v3ident, fingerprint: k.fingerprint }]
      : [];
  });

  const children: ChildProcess[] = [];
  const startedAt = Date.now();
  for (const n of nodes) {
    const k = n.keysIndex !== undefined ? keys[n.keysIndex] : undefined;
    if (k) await installKeys(k, n.dataDir);
    else await mkdir(n.dataDir, { recursive: true, mode: 0o700 });
    const torrc = join(root, `${n.nick}.torrc`);
    await writeFile(torrc, nodeTorrc(n, authorities));
    const child = spawn(torPath, ['-f', torrc, '--defaults-torrc', '/dev/null', '--quiet'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: ownerPid === 0,
    });
    if (ownerPid === 0) child.unref();
    children.push(child);
  }

  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const timer = setTimeout(() => c.kill('SIGKILL'), 3_000);
            c.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
    if (!opts.root) await rm(root, { recursive: true, force: true });
  };

  return {
    root,
    clientLines: clientLines(authorities),
    onion: {
      control: { host: '127.0.0.1', port: onionNode.controlPort ?? 0 },
      cookieFile: join(onionNode.dataDir, 'control_auth_cookie'),
      dataDir: onionNode.dataDir,
    },
    pids: children.flatMap((c) => (c.pid ? [c.pid] : [])),
    keys: { ms: keysMs, generated: keys.filter((k) => k.generated).length },
    startedAt,
    stop,
  };
}

/** Connects to the onion node's control port (retrying while Tor starts) and authenticates. */
export async function connectOnionNode(testnet: Pick<Testnet, 'onion'>, timeoutMs = 30_000): Promise<TorControl> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const control = await TorControl.connect(testnet.onion.control, 2_000);
      try {
        await control.authenticate({ cookieFile: testnet.onion.cookieFile });
        return control;
      } catch (err) {
        control.close();
        throw err;
      }
    } catch (err) {
      if (Date.now() > end) throw new Error(`the onion node's control port did not answer: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Waits until a Tor reports Bootstrapped 100%. */
export async function waitBootstrapped(control: TorControl, timeoutMs = 120_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const phase = parseBootstrap(await control.getInfoOne('status/bootstrap-phase'));
    if (phase && phase.progress >= 100) return Date.now() - started;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`the private Tor network did not bootstrap within ${timeoutMs / 1000} s (at ${phase?.progress ?? 0}%: ${phase?.summary ?? '?'})`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
