import { BcmError, toErrorShape, type ErrorShape } from '../../shared/errors';
import type { TorLogLine, TorStatus } from '../../shared/channels/tor';
import { explainBootstrapFailure, type BootstrapPhase } from './bootstrap';
import type { TorControl } from './control/client';
import { freeLoopbackPort } from './ports';
import { findTor, TorProcess } from './process';

export interface TorRuntimeSettings {
  torPath?: string;
  extraLines: string[];
  bootstrapTimeoutMs: number;
}

export interface TorServiceOptions {
  /** app-owned folder for the torrc and Tor's data (e.g. ~/.bcm/runtime/tor) */
  dir: string;
  settings: () => Promise<TorRuntimeSettings>;
  ownerPid?: number;
  /** restart delays after a crash; the last one repeats */
  backoffMs?: number[];
  /** a run that stayed up this long resets the back-off */
  stableMs?: number;
}

/** Runs on every (re)start once the control port is ready: re-add onion services and client keys. */
export type ReadyHook = (control: TorControl) => Promise<void>;

const LOG_LIMIT = 300;

/**
 * BCM's own Tor: one child process at a time, started on demand, bootstrap progress and log
 * lines streamed to listeners, restarted with back-off when it crashes, stopped with the app
 * (and by Tor itself if the app dies: __OwningControllerProcess + TAKEOWNERSHIP).
 */
export class TorService {
  private proc: TorProcess | undefined;
  private starting: Promise<TorProcess> | undefined;
  private abort: AbortController | undefined;
  private state: TorStatus = { state: 'stopped', restarts: 0 };
  private readonly logs: TorLogLine[] = [];
  private readonly statusListeners = new Set<(s: TorStatus) => void>();
  private readonly logListeners = new Set<(l: TorLogLine) => void>();
  private readonly hooks = new Set<ReadyHook>();
  private socksPort: number | undefined;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private generationCounter = 0;
  private closed = false;

  constructor(private readonly opts: TorServiceOptions) {}

  status(): TorStatus {
    return this.state;
  }

  recentLogs(): TorLogLine[] {
    return [...this.logs];
  }

  /** Increases with every Tor process: keys given to an older one must be given again. */
  get generation(): number {
    return this.generationCounter;
  }

  get control(): TorControl | undefined {
    return this.proc && !this.proc.control.isClosed ? this.proc.control : undefined;
  }

  onStatus(listener: (s: TorStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onLog(listener: (l: TorLogLine) => void): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  onReady(hook: ReadyHook): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  private set(next: Partial<TorStatus> & Pick<TorStatus, 'state'>): void {
    const base: TorStatus = { state: next.state, restarts: this.state.restarts };
    const keep = next.state !== 'stopped';
    if (keep && this.state.torPath) base.torPath = this.state.torPath;
    if (keep && this.state.version) base.version = this.state.version;
    this.state = { ...base, ...next };
    for (const l of this.statusListeners) l(this.state);
  }

  private log(line: TorLogLine): void {
    this.logs.push(line);
    if (this.logs.length > LOG_LIMIT) this.logs.shift();
    for (const l of this.logListeners) l(line);
  }

  /** Starts Tor if it is not running; resolves once the control port is ready (not bootstrapped). */
  start(): Promise<TorProcess> {
    if (this.closed) return Promise.reject(new BcmError('CANCELLED', 'BCM is shutting down.'));
    if (this.proc && this.proc.child.exitCode === null && !this.proc.wasStopped) return Promise.resolve(this.proc);
    if (this.starting) return this.starting;
    if (this.restartTimer) {
      clearTimeout(this.restartTimer);
      this.restartTimer = undefined;
    }
    const abort = new AbortController();
    this.abort = abort;
    this.starting = this.launch(abort.signal).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async launch(signal: AbortSignal): Promise<TorProcess> {
    const launchedAt = new Date().toISOString();
    this.set({ state: 'starting' });
    try {
      const settings = await this.opts.settings();
      const torPath = await findTor(settings.torPath);
      this.socksPort ??= await freeLoopbackPort();
      const proc = await TorProcess.launch({
        torPath,
        dir: this.opts.dir,
        socksPort: this.socksPort,
        ownerPid: this.opts.ownerPid ?? process.pid,
        extraLines: settings.extraLines,
        signal,
        onLog: (line) => {
          this.log(line);
          if (/Could not bind to .*:(\d+)/.test(line.message) && line.message.includes(String(this.socksPort))) this.socksPort = undefined;
        },
        onBootstrap: (phase) => this.onPhase(phase),
      });
      if (signal.aborted) {
        await proc.stop();
        throw new BcmError('CANCELLED', 'Starting Tor was cancelled.');
      }
      this.proc = proc;
      this.generationCounter += 1;
      const version = (await proc.control.getInfo('version').catch(() => ({}) as Record<string, string>))['version'];
      this.set({
        state: 'bootstrapping',
        torPath,
        ...(version ? { version } : {}),
        ...this.ports(proc),
        startedAt: launchedAt,
      });
      if (proc.bootstrap) this.onPhase(proc.bootstrap);
      void proc.exited.then(() => this.onExit(proc));
      for (const hook of this.hooks) {
        await hook(proc.control).catch((err: unknown) =>
          this.log({ at: new Date().toISOString(), severity: 'warn', message: `BCM: ${toErrorShape(err).message}` }),
        );
      }
      this.watchBootstrap(proc, settings.bootstrapTimeoutMs);
      return proc;
    } catch (err) {
      const shape = toErrorShape(err);
      if (shape.code === 'CANCELLED') this.set({ state: 'stopped' });
      else this.set({ state: 'failed', error: shape });
      throw err;
    }
  }

  private ports(proc: TorProcess): Pick<TorStatus, 'socksPort' | 'controlPort' | 'pid'> {
    return proc.pid === undefined
      ? { socksPort: proc.socksPort, controlPort: proc.controlPort }
      : { socksPort: proc.socksPort, controlPort: proc.controlPort, pid: proc.pid };
  }

  private onPhase(phase: BootstrapPhase): void {
    const p = this.proc;
    if (!p || (this.state.state !== 'bootstrapping' && this.state.state !== 'ready')) return;
    if (phase.progress >= 100 && this.state.state !== 'ready') {
      const readyAt = new Date();
      const started = this.state.startedAt ? Date.parse(this.state.startedAt) : readyAt.getTime();
      this.set({ ...this.state, state: 'ready', bootstrap: phase, readyAt: readyAt.toISOString(), bootstrapMs: readyAt.getTime() - started });
    } else {
      this.set({ ...this.state, bootstrap: phase });
    }
  }

  /** Tor that has not bootstrapped by the deadline is stopped and the failure explained. */
  private watchBootstrap(proc: TorProcess, timeoutMs: number): void {
    proc.waitBootstrapped(timeoutMs).then(
      () => {
        if (this.proc === proc && this.state.state !== 'ready' && proc.bootstrap) this.onPhase(proc.bootstrap);
        const stable = setTimeout(() => {
          if (this.proc === proc && proc.child.exitCode === null) this.attempt = 0;
        }, this.opts.stableMs ?? 60_000);
        stable.unref();
      },
      (err: unknown) => {
        if (this.proc !== proc || proc.wasStopped) return;
        if ((err as { code?: string }).code !== 'BOOTSTRAP_TIMEOUT') return;
        const why = explainBootstrapFailure(proc.evidence, Math.round(timeoutMs / 1000));
        const error = new BcmError('TIMEOUT', `${why.message} ${why.nextStep}`, { reason: `tor-bootstrap-${why.kind}`, progress: proc.bootstrap?.progress ?? 0 });
        this.proc = undefined;
        this.set({ state: 'failed', error: error.toShape(), ...(proc.bootstrap ? { bootstrap: proc.bootstrap } : {}) });
        void proc.stop();
      },
    );
  }

  private onExit(proc: TorProcess): void {
    if (this.proc !== proc || proc.wasStopped || this.closed) return;
    this.proc = undefined;
    const delays = this.opts.backoffMs ?? [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];
    const delay = delays[Math.min(this.attempt, delays.length - 1)] ?? 60_000;
    this.attempt += 1;
    const code = proc.child.exitCode;
    const sig = proc.child.signalCode;
    const error: ErrorShape = {
      code: 'INTERNAL',
      message: `Tor stopped unexpectedly (${sig ?? `exit code ${String(code)}`}); BCM restarts it in ${Math.round(delay / 1000)} s.`,
      detail: { reason: 'tor-crashed' },
    };
    this.set({ state: 'restarting', error, restarts: this.state.restarts + 1, nextRestartAt: new Date(Date.now() + delay).toISOString() });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.start().catch(() => {
        // the state says what failed; retry with back-off unless Tor is missing
        if (this.state.error?.detail?.['reason'] !== 'tor-missing' && !this.closed) this.onExit(proc);
      });
    }, delay);
    this.restartTimer.unref();
  }

  /** Starts if needed and waits until bootstrapped (or fails with the explanation). */
  async ready(signal?: AbortSignal): Promise<TorProcess> {
    const proc = await this.start();
    if (this.state.state === 'ready' && this.proc === proc) return proc;
    const settings = await this.opts.settings();
    try {
      await proc.waitBootstrapped(settings.bootstrapTimeoutMs + 1_000, signal);
    } catch (err) {
      if (err instanceof BcmError && err.code === 'CANCELLED') throw err;
      if (this.state.state === 'failed' && this.state.error) throw BcmError.fromShape(this.state.error);
      throw err;
    }
    return proc;
  }

  /** The SOCKS address of the running Tor. */
  socks(): { host: string; port: number } {
    if (!this.proc) throw new BcmError('UNREACHABLE', 'BCM\'s Tor is not running. Start it on the Tor page, then try again.', { reason: 'tor-stopped' });
    return { host: '127.0.0.1', port: this.proc.socksPort };
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const proc = this.proc;
    this.proc = undefined;
    this.attempt = 0;
    if (proc) await proc.stop();
    await this.starting?.catch(() => undefined);
    this.set({ state: 'stopped' });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
    this.statusListeners.clear();
    this.logListeners.clear();
  }
}
