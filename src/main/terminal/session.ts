import type { TerminalOutput, TerminalSession as SessionInfo } from '../../shared/channels/terminal';
import type { ErrorShape } from '../../shared/errors';
import { FlowWindow } from './flow';
import { ByteRing } from './ring';

/** The part of LXD's interactive exec session a terminal uses (ExecSession fits). */
export interface Pty {
  write(data: Buffer): void;
  onData(listener: (chunk: Buffer) => void): () => void;
  resize(cols: number, rows: number): void;
  signal(signum: number): void;
  pause(): void;
  resume(): void;
  close(): void;
  onExit(listener: (exitCode: number) => void): () => void;
}

export interface SessionLimits {
  /** bytes of output kept for a renderer that reattaches */
  scrollbackBytes: number;
  /** bytes sent and not yet acknowledged before LXD's output is paused */
  windowBytes: number;
  /** a detached session is kept this long for the renderer to come back */
  graceMs: number;
  /** largest single output event */
  maxChunkBytes: number;
  /** after SIGHUP on close, how long the shell gets to exit before the exec is closed */
  hangupMs: number;
}

export const defaultLimits: SessionLimits = {
  scrollbackBytes: 256 * 1024,
  windowBytes: 256 * 1024,
  graceMs: 120_000,
  maxChunkBytes: 64 * 1024,
  hangupMs: 1_000,
};

interface Attachment {
  emit: (payload: TerminalOutput) => void;
  fail: (error: ErrorShape) => void;
}

export type SessionMeta = Omit<SessionInfo, 'state' | 'exitCode' | 'attached'>;

export function exitMessage(exitCode: number): string {
  return exitCode >= 0 ? `Session ended (exit code ${exitCode}).` : 'Session ended: the connection to LXD was lost.';
}

/**
 * One shell in a container, owned by main. Output is kept in a bounded scrollback and sent to at
 * most one attached renderer under a flow-control window; without a renderer the session waits
 * `graceMs` for one to reattach (a reload), then ends itself.
 */
export class TerminalSession {
  private readonly ring: ByteRing;
  private readonly flow: FlowWindow;
  private offset = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private flushScheduled = false;
  private attachment: Attachment | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private exitCode: number | undefined;
  private closing: Promise<void> | undefined;
  private readonly stops: Array<() => void> = [];

  constructor(
    readonly meta: SessionMeta,
    private readonly pty: Pty,
    private readonly limits: SessionLimits,
    private readonly onDispose: (session: TerminalSession) => void,
  ) {
    this.ring = new ByteRing(limits.scrollbackBytes);
    this.flow = new FlowWindow(limits.windowBytes);
    this.stops.push(pty.onData((chunk) => this.output(chunk)));
    this.stops.push(pty.onExit((code) => this.exited(code)));
    this.startGrace();
  }

  get id(): string {
    return this.meta.sessionId;
  }

  info(): SessionInfo {
    const info: SessionInfo = {
      ...this.meta,
      state: this.exitCode === undefined ? 'running' : 'exited',
      attached: this.attachment !== undefined,
    };
    if (this.exitCode !== undefined) info.exitCode = this.exitCode;
    return info;
  }

  /** Attaches a renderer (replacing any other): the scrollback first, then live output. */
  attach(emit: Attachment['emit'], fail: Attachment['fail']): () => void {
    this.flush();
    const previous = this.attachment;
    const attachment: Attachment = { emit, fail };
    this.attachment = attachment;
    previous?.fail({ code: 'CONFLICT', message: 'This terminal was opened in another window.' });
    this.clearGrace();
    if (this.flow.reset()) this.pty.resume();
    emit({ type: 'replay', data: this.ring.snapshot().toString('base64'), offset: this.offset, truncated: this.ring.truncated });
    if (this.exitCode !== undefined) emit({ type: 'exit', exitCode: this.exitCode, message: exitMessage(this.exitCode) });
    return () => this.detach(attachment);
  }

  write(data: Buffer): void {
    if (this.exitCode === undefined && data.length > 0) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.exitCode === undefined) this.pty.resize(cols, rows);
  }

  /** The renderer processed output up to `offset`. */
  ack(offset: number): void {
    if (this.flow.ack(offset)) this.pty.resume();
  }

  /** Ends the shell cleanly (SIGHUP, as when a terminal window closes), then forgets the session. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.clearGrace();
      if (this.exitCode === undefined) {
        const gone = new Promise<void>((resolve) => {
          const stop = this.pty.onExit(() => resolve());
          setTimeout(() => {
            stop();
            resolve();
          }, this.limits.hangupMs).unref();
        });
        this.pty.resume();
        this.pty.signal(1);
        await gone;
      }
      this.pty.close();
      for (const stop of this.stops) stop();
      this.attachment = undefined;
      this.onDispose(this);
    })();
    return this.closing;
  }

  private detach(attachment: Attachment): void {
    if (this.attachment !== attachment) return;
    this.attachment = undefined;
    // nobody reads: keep the scrollback going (oldest bytes drop) rather than block the shell
    if (this.flow.reset()) this.pty.resume();
    this.startGrace();
  }

  private output(chunk: Buffer): void {
    this.ring.append(chunk);
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= this.limits.maxChunkBytes) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pendingBytes === 0) return;
    const data = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.offset += data.length;
    const attachment = this.attachment;
    if (!attachment) return;
    attachment.emit({ type: 'data', data: data.toString('base64'), offset: this.offset });
    if (this.flow.sent(this.offset, data.length)) this.pty.pause();
  }

  private exited(code: number): void {
    if (this.exitCode !== undefined) return;
    this.flush();
    this.exitCode = code;
    this.attachment?.emit({ type: 'exit', exitCode: code, message: exitMessage(code) });
    if (!this.attachment) this.startGrace();
  }

  private startGrace(): void {
    this.clearGrace();
    this.graceTimer = setTimeout(() => void this.close(), this.limits.graceMs);
    this.graceTimer.unref();
  }

  private clearGrace(): void {
    if (this.graceTimer !== undefined) clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }
}
