import type WebSocket from 'ws';
import { BcmError } from '../../shared/errors';
import type { ExecResult, LxdOperation } from './api';
import type { Scope } from './collection';
import { seg, type LxdCore } from './core';
import type { OperationsApi } from './operations';
import { openWebSocket } from './transport';

export interface ExecOptions extends Scope {
  env?: Record<string, string>;
  cwd?: string;
  user?: number;
  group?: number;
  /** written to the command's stdin, then end of input; default: no input */
  stdin?: Buffer | string;
  /** output as it arrives (also captured in the result) */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** kills the command (SIGKILL) and rejects with CANCELLED */
  signal?: AbortSignal;
  /**
   * The command may safely run twice (a read, a check): when LXD drops one of its streams, run it
   * once more instead of failing. Default false.
   */
  idempotent?: boolean;
}

export interface InteractiveOptions extends Scope {
  env?: Record<string, string>;
  cwd?: string;
  user?: number;
  group?: number;
  /** terminal size; default 80x24 */
  cols?: number;
  rows?: number;
}

/** An interactive command on a pseudo-terminal (a shell, a REPL). */
export interface ExecSession {
  readonly operationId: string;
  write(data: string | Buffer): void;
  /** terminal output; returns an unsubscribe function */
  onData(listener: (chunk: Buffer) => void): () => void;
  resize(cols: number, rows: number): void;
  /** sends a signal to the command (e.g. 2 = SIGINT, 15 = SIGTERM) */
  signal(signum: number): void;
  /** stops reading output (back-pressure) until resume() */
  pause(): void;
  resume(): void;
  /** ends the session; LXD kills the command */
  close(): void;
  /** called once with the exit code (-1 if unknown, e.g. the session was closed) */
  onExit(listener: (exitCode: number) => void): () => void;
  readonly exited: Promise<number>;
}

interface ExecFds {
  control: string;
  [fd: string]: string;
}

function fdsOf(op: LxdOperation): ExecFds {
  const fds = op.metadata?.fds;
  if (!fds || typeof fds !== 'object' || typeof (fds as Record<string, unknown>).control !== 'string') {
    throw new BcmError('LXD_ERROR', 'LXD started the command without websocket secrets (no fds in the operation).');
  }
  return fds as ExecFds;
}

function exitCodeOf(op: LxdOperation): number {
  const ret = op.metadata?.return;
  return typeof ret === 'number' ? ret : -1;
}

const toBuffer = (data: WebSocket.RawData): Buffer =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);

/** Resolves when the socket is closed (by either side). */
const closed = (ws: WebSocket): Promise<void> =>
  ws.readyState === ws.CLOSED ? Promise.resolve() : new Promise((resolve) => ws.once('close', () => resolve()));

/** Runs commands in instances over LXD's exec websockets. */
export class ExecApi {
  constructor(
    private readonly core: LxdCore,
    private readonly operations: OperationsApi,
  ) {}

  private async start(
    name: string,
    command: string[],
    interactive: boolean,
    o: InteractiveOptions,
  ): Promise<{ op: LxdOperation; fds: ExecFds }> {
    if (command.length === 0) throw new BcmError('VALIDATION', 'exec needs a command.');
    const body: Record<string, unknown> = {
      command,
      environment: o.env ?? {},
      interactive,
      'wait-for-websocket': true,
      'record-output': false,
      width: interactive ? (o.cols ?? 80) : 0,
      height: interactive ? (o.rows ?? 24) : 0,
    };
    if (o.cwd !== undefined) body.cwd = o.cwd;
    if (o.user !== undefined) body.user = o.user;
    if (o.group !== undefined) body.group = o.group;
    const res = await this.core.post(
      `/1.0/instances/${seg(name)}/exec`,
      body,
      o.project !== undefined ? { project: o.project } : {},
    );
    if (res.kind !== 'async') throw new BcmError('LXD_ERROR', 'LXD answered exec without an operation.');
    return { op: res.operation, fds: fdsOf(res.operation) };
  }

  private socket(opId: string, secret: string): WebSocket {
    const ws = this.core.transport.websocket(
      `/1.0/operations/${seg(opId)}/websocket?secret=${encodeURIComponent(secret)}`,
    );
    ws.on('error', () => undefined); // failures are reported through attach()
    return ws;
  }

  /**
   * Waits until every socket is open. Listeners must be attached before: LXD starts the command
   * as soon as the last socket connects, and output can arrive on the others at once.
   */
  private async attach(opId: string, sockets: WebSocket[]): Promise<void> {
    const opened = await Promise.allSettled(sockets.map((ws) => openWebSocket(ws, this.core.transport.target)));
    const failed = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      for (const ws of sockets) ws.terminate();
      void this.operations.cancel(opId).catch(() => undefined);
      throw failed.reason instanceof BcmError
        ? failed.reason
        : new BcmError('LXD_ERROR', `Could not attach to the command: ${String(failed.reason)}`);
    }
  }

  /** Runs a command to completion; stdout/stderr captured, stdin optional. */
  async run(name: string, command: string[], options: ExecOptions = {}): Promise<ExecResult> {
    try {
      return await this.runOnce(name, command, options);
    } catch (err) {
      const dropped = err instanceof BcmError && err.detail?.lost !== undefined;
      if (!dropped || !options.idempotent || options.signal?.aborted) throw err;
      return this.runOnce(name, command, options);
    }
  }

  private async runOnce(name: string, command: string[], options: ExecOptions): Promise<ExecResult> {
    const { op, fds } = await this.start(name, command, false, options);
    const control = this.socket(op.id, fds.control);
    const stdin = this.socket(op.id, fds['0'] ?? '');
    const stdout = this.socket(op.id, fds['1'] ?? '');
    const stderr = this.socket(op.id, fds['2'] ?? '');
    const sockets = [control, stdin, stdout, stderr];
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const outClosed = closed(stdout);
    const errClosed = closed(stderr);
    // LXD ends each output stream with an empty text frame; a stream that closes without it lost
    // output (LXD 5.0.2 under load sometimes drops a data socket right after connecting it).
    const eof = { stdout: false, stderr: false };
    const collect = (which: 'stdout' | 'stderr', into: Buffer[], listener?: (chunk: Buffer) => void) => {
      return (data: WebSocket.RawData, isBinary: boolean): void => {
        if (!isBinary) {
          eof[which] = true;
          return;
        }
        const chunk = toBuffer(data);
        into.push(chunk);
        listener?.(chunk);
      };
    };
    stdout.on('message', collect('stdout', out, options.onStdout));
    stderr.on('message', collect('stderr', err, options.onStderr));
    await this.attach(op.id, sockets);
    const onAbort = (): void => {
      if (control.readyState === control.OPEN) control.send(JSON.stringify({ command: 'signal', signal: 9 }));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      // a fast command may end (and LXD close stdin) before these are written: not an error
      const ignore = (): void => undefined;
      if (options.stdin !== undefined && options.stdin.length > 0) {
        stdin.send(Buffer.from(options.stdin), { binary: true }, ignore);
      }
      stdin.send('', { binary: false }, ignore); // end of input
      const [final] = await Promise.all([this.operations.settle(op.id), outClosed, errClosed]);
      if (options.signal?.aborted) throw new BcmError('CANCELLED', `The command in ${name} was cancelled.`);
      if (final.status_code !== 200) {
        const why = final.err || final.status;
        throw new BcmError('LXD_ERROR', `LXD: exec in ${name} failed: ${why}`, { operationId: op.id });
      }
      const exitCode = exitCodeOf(final);
      if (!eof.stdout || !eof.stderr) {
        const lost = !eof.stdout && !eof.stderr ? 'stdout and stderr' : !eof.stdout ? 'stdout' : 'stderr';
        throw new BcmError(
          'LXD_ERROR',
          `LXD dropped the ${lost} stream of \`${command.join(' ')}\` in ${name}: the command ran (exit code ${exitCode}) but its output is incomplete. Check its effect, then run it again.`,
          { operationId: op.id, exitCode, lost },
        );
      }
      return { exitCode, stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.close();
    }
  }

  /** Starts a command on a pseudo-terminal and returns a session to talk to it. */
  async interactive(name: string, command: string[], options: InteractiveOptions = {}): Promise<ExecSession> {
    const { op, fds } = await this.start(name, command, true, options);
    const control = this.socket(op.id, fds.control);
    const data = this.socket(op.id, fds['0'] ?? '');
    const dataListeners = new Set<(chunk: Buffer) => void>();
    const exitListeners = new Set<(code: number) => void>();
    // output that arrives before the first onData listener (the shell's prompt) is kept for it
    let early: Buffer[] | undefined = [];
    data.on('message', (msg, isBinary) => {
      if (!isBinary) {
        // LXD 5.0.2 marks the end of output with an empty text frame and finishes the operation
        // only once the client closes this socket.
        if (data.readyState === data.OPEN) data.close();
        return;
      }
      const chunk = toBuffer(msg);
      if (early) early.push(chunk);
      else for (const l of dataListeners) l(chunk);
    });
    await this.attach(op.id, [control, data]);
    let exitCode: number | undefined;
    const exited = this.operations.settle(op.id).then(
      (final) => exitCodeOf(final),
      () => -1,
    );
    void exited.then((code) => {
      exitCode = code;
      for (const l of exitListeners) l(code);
      exitListeners.clear();
      if (data.readyState === data.OPEN) data.close();
      if (control.readyState === control.OPEN) control.close();
    });
    const sendControl = (msg: unknown): void => {
      if (control.readyState === control.OPEN) control.send(JSON.stringify(msg));
    };
    return {
      operationId: op.id,
      exited,
      write(chunk) {
        if (data.readyState === data.OPEN) data.send(Buffer.from(chunk), { binary: true });
      },
      onData(listener) {
        dataListeners.add(listener);
        if (early) {
          const pending = early;
          early = undefined;
          for (const chunk of pending) listener(chunk);
        }
        return () => dataListeners.delete(listener);
      },
      resize(cols, rows) {
        sendControl({ command: 'window-resize', args: { width: String(cols), height: String(rows) } });
      },
      signal(signum) {
        sendControl({ command: 'signal', signal: signum });
      },
      pause() {
        data.pause();
      },
      resume() {
        data.resume();
      },
      close() {
        if (data.readyState === data.OPEN) data.close();
        if (control.readyState === control.OPEN) control.close();
      },
      onExit(listener) {
        if (exitCode !== undefined) {
          const code = exitCode;
          queueMicrotask(() => listener(code));
          return () => undefined;
        }
        exitListeners.add(listener);
        return () => exitListeners.delete(listener);
      },
    };
  }
}
