import type WebSocket from 'ws';
import { BcmError } from '../../shared/errors';
import type { LxdOperation } from './api';
import type { Scope } from './collection';
import { seg, type LxdCore } from './core';
import { OperationsApi } from './operations';
import { openWebSocket } from './transport';

export interface ExecStreamOptions extends Scope {
  env?: Record<string, string>;
  cwd?: string;
  user?: number;
  group?: number;
  signal?: AbortSignal;
}

/** How a streamed command ended. */
export interface ExecStreamEnd {
  /** the command's exit code; -1 when LXD did not report one */
  exitCode: number;
  /** the connection to LXD broke before the command's end was known (network drop, daemon restart) */
  dropped: boolean;
  /** LXD's error text when the operation failed */
  error?: string;
}

/**
 * A non-interactive command whose output is streamed and never kept (`tail -F`, `journalctl -f`):
 * unlike `ExecApi.run`, nothing is captured, so an endless command uses bounded memory, and
 * `pause()` stops reading stdout/stderr so the command blocks on a full pipe (back-pressure).
 */
export interface ExecStream {
  readonly operationId: string;
  onStdout(listener: (chunk: Buffer) => void): () => void;
  onStderr(listener: (chunk: Buffer) => void): () => void;
  pause(): void;
  resume(): void;
  /** sends a signal to the command (15 = SIGTERM, 9 = SIGKILL) */
  signal(signum: number): void;
  /** ends the command: SIGTERM, then the sockets are closed (LXD kills what is left) */
  close(): void;
  readonly ended: Promise<ExecStreamEnd>;
}

type Listener = (chunk: Buffer) => void;

/** Output kept for the first listener (what arrives before anyone listens is not lost). */
const EARLY_OUTPUT_LIMIT = 1024 * 1024;

/** One output stream's listeners; chunks that arrive before the first listener wait for it. */
function outputTap(): { push(chunk: Buffer): void; add(listener: Listener): () => void } {
  const listeners = new Set<Listener>();
  let early: Buffer[] = [];
  let earlyBytes = 0;
  return {
    push(chunk) {
      if (listeners.size > 0) {
        for (const l of listeners) l(chunk);
      } else if (earlyBytes + chunk.length <= EARLY_OUTPUT_LIMIT) {
        early.push(chunk);
        earlyBytes += chunk.length;
      }
    },
    add(listener) {
      listeners.add(listener);
      if (early.length) {
        const pending = early;
        early = [];
        earlyBytes = 0;
        for (const chunk of pending) listener(chunk);
      }
      return () => listeners.delete(listener);
    },
  };
}

const toBuffer = (data: WebSocket.RawData): Buffer =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);

const closed = (ws: WebSocket): Promise<void> =>
  ws.readyState === ws.CLOSED ? Promise.resolve() : new Promise((resolve) => ws.once('close', () => resolve()));

function fdsOf(op: LxdOperation): Record<string, string> {
  const fds = op.metadata?.fds;
  if (!fds || typeof fds !== 'object' || typeof (fds as Record<string, unknown>).control !== 'string') {
    throw new BcmError('LXD_ERROR', 'LXD started the command without websocket secrets (no fds in the operation).');
  }
  return fds as Record<string, string>;
}

/** Starts `command` in instance `name` with its output streamed (see ExecStream). */
export async function openExecStream(core: LxdCore, name: string, command: string[], o: ExecStreamOptions = {}): Promise<ExecStream> {
  if (command.length === 0) throw new BcmError('VALIDATION', 'exec needs a command.');
  const operations = new OperationsApi(core);
  const body: Record<string, unknown> = {
    command,
    environment: o.env ?? {},
    interactive: false,
    'wait-for-websocket': true,
    'record-output': false,
  };
  if (o.cwd !== undefined) body.cwd = o.cwd;
  if (o.user !== undefined) body.user = o.user;
  if (o.group !== undefined) body.group = o.group;
  const opts = o.project !== undefined ? { project: o.project } : {};
  const res = await core.post(`/1.0/instances/${seg(name)}/exec`, body, { ...opts, ...(o.signal ? { signal: o.signal } : {}) });
  if (res.kind !== 'async') throw new BcmError('LXD_ERROR', 'LXD answered exec without an operation.');
  const op = res.operation;
  const fds = fdsOf(op);
  const out = outputTap();
  const err = outputTap();
  // Output handlers are attached before the sockets open: LXD may send as soon as it accepts one.
  const socket = (secret: string | undefined, tap?: ReturnType<typeof outputTap>): Promise<WebSocket> => {
    const ws = core.transport.websocket(`/1.0/operations/${seg(op.id)}/websocket?secret=${encodeURIComponent(secret ?? '')}`);
    if (tap) ws.on('message', (data, isBinary) => isBinary && tap.push(toBuffer(data)));
    return openWebSocket(ws, core.transport.target, o.signal);
  };
  const opened = await Promise.allSettled([socket(fds.control), socket(fds['0']), socket(fds['1'], out), socket(fds['2'], err)]);
  const sockets = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (sockets.length !== 4) {
    for (const ws of sockets) ws.terminate();
    void operations.cancel(op.id).catch(() => undefined);
    const failed = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    throw failed?.reason instanceof BcmError ? failed.reason : new BcmError('LXD_ERROR', 'Could not attach to the command.');
  }
  const [control, stdin, stdout, stderr] = sockets as [WebSocket, WebSocket, WebSocket, WebSocket];
  for (const ws of sockets) ws.on('error', () => undefined);
  stdin.send('', { binary: false }); // end of input: the command reads nothing
  const sendControl = (msg: unknown): void => {
    if (control.readyState === control.OPEN) control.send(JSON.stringify(msg));
  };
  const closeAll = (): void => {
    for (const ws of sockets) if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
  };
  let closedByUs = false;
  const abort = (): void => {
    closedByUs = true;
    sendControl({ command: 'signal', signal: 15 });
    closeAll();
  };
  o.signal?.addEventListener('abort', abort, { once: true });

  // A drop shows as the data sockets closing while /wait fails (HTTPS) or never answers (the
  // daemon went away): whichever comes first settles the outcome.
  const ended = new Promise<ExecStreamEnd>((resolve) => {
    let done = false;
    const finish = (end: ExecStreamEnd): void => {
      if (done) return;
      done = true;
      o.signal?.removeEventListener('abort', abort);
      closeAll();
      resolve(end);
    };
    operations.settle(op.id).then(
      async (final) => {
        // let the last output frames arrive before saying it ended
        await Promise.race([Promise.all([closed(stdout), closed(stderr)]), new Promise((r) => setTimeout(r, 2_000))]);
        const ret = final.metadata?.return;
        const end: ExecStreamEnd = { exitCode: typeof ret === 'number' ? ret : -1, dropped: false };
        if (final.status_code !== 200 && final.err) end.error = final.err;
        finish(end);
      },
      (err: unknown) => finish({ exitCode: -1, dropped: true, error: err instanceof Error ? err.message : String(err) }),
    );
    // The control socket closing on its own (not by us) means the connection to LXD is gone.
    control.once('close', () => {
      setTimeout(() => {
        if (closedByUs) finish({ exitCode: -1, dropped: false });
        else finish({ exitCode: -1, dropped: true, error: 'the connection to LXD closed' });
      }, 3_000).unref();
    });
  });

  return {
    operationId: op.id,
    ended,
    onStdout: (listener) => out.add(listener),
    onStderr: (listener) => err.add(listener),
    pause() {
      stdout.pause();
      stderr.pause();
    },
    resume() {
      stdout.resume();
      stderr.resume();
    },
    signal(signum) {
      sendControl({ command: 'signal', signal: signum });
    },
    close: abort,
  };
}
