import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { createInterface } from 'node:readline';
import { BcmError } from '../../shared/errors';
import { parseBootstrap, parseClockSkew, parseLogLine, tellingLine, type BootstrapEvidence, type BootstrapPhase, type TorLogLine } from './bootstrap';
import { TorControl } from './control/client';
import { parseControlPortFile, renderTorrc, torPaths, type TorrcOptions } from './torrc';

export const TOR_INSTALL_STEPS =
  'Install Tor (Debian/Ubuntu: `sudo apt install tor`; Fedora: `sudo dnf install tor`; macOS: `brew install tor`), or set the path to the tor program in the Tor settings.';

/** Where `tor` is: the configured path, else the first `tor` on PATH (plus the sbin folders Debian uses). */
export async function findTor(configured?: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (configured) {
    const path = isAbsolute(configured) ? configured : undefined;
    if (path && (await isExecutable(path))) return path;
    throw new BcmError('NOT_FOUND', `The configured Tor program ${configured} does not exist or cannot be run. ${TOR_INSTALL_STEPS}`, {
      reason: 'tor-missing',
      torPath: configured,
    });
  }
  const dirs = [...(env['PATH'] ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'tor');
    if (await isExecutable(candidate)) return candidate;
  }
  throw new BcmError('NOT_FOUND', `Tor is not installed on this computer (no \`tor\` program was found). ${TOR_INSTALL_STEPS}`, {
    reason: 'tor-missing',
  });
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface TorLaunchOptions extends TorrcOptions {
  torPath: string;
  onLog?: (line: TorLogLine) => void;
  onBootstrap?: (phase: BootstrapPhase) => void;
  /** control port file, connect and authenticate within this many ms (default 30 s) */
  startTimeoutMs?: number;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One running `tor` child: started with a generated torrc, owned by this process (Tor exits when
 * the control connection closes or this pid dies), bootstrap followed over the control port.
 */
export class TorProcess {
  private phase: BootstrapPhase | undefined;
  private readonly phaseWaiters = new Set<() => void>();
  private stopping = false;

  private constructor(
    readonly child: ChildProcess,
    readonly control: TorControl,
    readonly socksPort: number,
    readonly controlPort: number,
    readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
    /** what was seen while connecting (for the explanation of a failure) */
    readonly evidence: BootstrapEvidence,
    private readonly opts: TorLaunchOptions,
  ) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  get bootstrap(): BootstrapPhase | undefined {
    return this.phase;
  }

  get wasStopped(): boolean {
    return this.stopping;
  }

  static async launch(opts: TorLaunchOptions): Promise<TorProcess> {
    const paths = torPaths(opts.dir);
    await mkdir(opts.dir, { recursive: true, mode: 0o700 });
    await chmod(opts.dir, 0o700);
    await mkdir(paths.dataDir, { recursive: true, mode: 0o700 });
    await chmod(paths.dataDir, 0o700);
    await rm(paths.controlPortFile, { force: true });
    await writeFile(paths.torrc, renderTorrc(opts), { mode: 0o600 });
    await writeFile(paths.defaults, '', { mode: 0o600 });

    const child = spawn(opts.torPath, ['-f', paths.torrc, '--defaults-torrc', paths.defaults], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    const recent: TorLogLine[] = [];
    const evidence: BootstrapEvidence = { warnings: [] };
    const onLine = (text: string): void => {
      const line = parseLogLine(text);
      if (!line) return;
      recent.push(line);
      if (recent.length > 50) recent.shift();
      if (line.severity === 'warn' || line.severity === 'err') {
        evidence.warnings.push(line.message);
        if (evidence.warnings.length > 20) evidence.warnings.shift();
        const skew = parseClockSkew(line.message);
        if (skew !== undefined) evidence.clockSkewSeconds = skew;
      }
      opts.onLog?.(line);
    };
    if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
    if (child.stderr) createInterface({ input: child.stderr }).on('line', onLine);
    let spawnError: NodeJS.ErrnoException | undefined;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('error', (err: NodeJS.ErrnoException) => {
        spawnError = err;
        resolve({ code: null, signal: null });
      });
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    let exitedEarly = false;
    void exited.then(() => {
      exitedEarly = true;
    });

    const fail = (message: string, detail: Record<string, unknown> = {}): BcmError => {
      child.kill('SIGKILL');
      const telling = tellingLine(recent);
      if (telling?.config) {
        return new BcmError('PRECONDITION_FAILED', `Tor refused its settings: "${telling.message}" Remove or correct that line in the Tor settings (extra torrc lines), then start Tor again.`, {
          reason: 'tor-config',
          ...detail,
          log: recent.slice(-10).map((l) => `[${l.severity}] ${l.message}`),
        });
      }
      return new BcmError('INTERNAL', `${message}${telling ? ` Tor said: "${telling.message}"` : ''}`, {
        reason: 'tor-start',
        ...detail,
        log: recent.slice(-10).map((l) => `[${l.severity}] ${l.message}`),
      });
    };

    const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
    let address: { host: string; port: number } | undefined;
    while (!address) {
      if (spawnError) {
        if (spawnError.code === 'ENOENT' || spawnError.code === 'EACCES') {
          throw new BcmError('NOT_FOUND', `Tor could not be started: ${opts.torPath} is missing or not executable. ${TOR_INSTALL_STEPS}`, {
            reason: 'tor-missing',
            torPath: opts.torPath,
          });
        }
        throw fail(`Tor could not be started (${spawnError.message}).`);
      }
      if (exitedEarly) {
        const { code, signal } = await exited;
        throw fail(`Tor exited right after it started (${signal ?? `exit code ${String(code)}`}).`, { exitCode: code });
      }
      if (opts.signal?.aborted) {
        child.kill('SIGKILL');
        throw new BcmError('CANCELLED', 'Starting Tor was cancelled.');
      }
      if (Date.now() > deadline) throw fail('Tor did not open its control port in time.');
      try {
        address = parseControlPortFile(await readFile(paths.controlPortFile, 'utf8'));
      } catch {
        // not written yet
      }
      if (!address) await sleep(50);
    }

    let control: TorControl;
    try {
      control = await TorControl.connect(address);
      await control.authenticate({ cookieFile: paths.cookieFile });
      await control.takeOwnership();
    } catch (err) {
      throw fail(`BCM could not talk to Tor's control port (${err instanceof Error ? err.message : String(err)}).`);
    }
    const proc = new TorProcess(child, control, opts.socksPort, address.port, exited, evidence, opts);
    await proc.follow();
    return proc;
  }

  private setPhase(phase: BootstrapPhase): void {
    this.phase = phase;
    this.evidence.last = phase;
    if (phase.warning !== undefined || phase.reason !== undefined) this.evidence.lastWarning = phase;
    this.opts.onBootstrap?.(phase);
    for (const w of this.phaseWaiters) w();
  }

  private async follow(): Promise<void> {
    await this.control.on('STATUS_CLIENT', (e) => {
      const phase = parseBootstrap(e.body);
      if (phase) this.setPhase(phase);
    });
    await this.control.on('STATUS_GENERAL', (e) => {
      const skew = parseClockSkew(e.body);
      if (skew !== undefined) this.evidence.clockSkewSeconds = skew;
    });
    const now = parseBootstrap(await this.control.getInfoOne('status/bootstrap-phase'));
    if (now && (this.phase === undefined || now.progress >= this.phase.progress)) this.setPhase(now);
  }

  /** Resolves at 100%; rejects when Tor exits, the signal aborts, or the deadline passes. */
  waitBootstrapped(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error): void => {
        clearTimeout(timer);
        this.phaseWaiters.delete(check);
        signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve();
      };
      const check = (): void => {
        if ((this.phase?.progress ?? 0) >= 100) done();
      };
      const onAbort = (): void => done(new BcmError('CANCELLED', 'Waiting for Tor was cancelled.'));
      const timer = setTimeout(() => done(Object.assign(new Error('bootstrap deadline'), { code: 'BOOTSTRAP_TIMEOUT' })), timeoutMs);
      void this.exited.then(({ code, signal: sig }) =>
        done(new BcmError('INTERNAL', `Tor stopped while connecting (${sig ?? `exit code ${String(code)}`}).`, { reason: 'tor-exited' })),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      this.phaseWaiters.add(check);
      check();
    });
  }

  /** Asks Tor to exit (closing the owning connection does it), then signals, then kills. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      await Promise.race([this.control.signal('HALT'), sleep(1_000)]);
    } catch {
      // the connection may close before the reply arrives: that is the point
    }
    this.control.close();
    const gone = await Promise.race([this.exited.then(() => true), sleep(3_000).then(() => false)]);
    if (gone) return;
    this.child.kill('SIGTERM');
    const termed = await Promise.race([this.exited.then(() => true), sleep(2_000).then(() => false)]);
    if (!termed) this.child.kill('SIGKILL');
    await this.exited;
  }
}
