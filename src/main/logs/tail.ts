import type { LogTailEvent, LogTailState } from '../../shared/channels/logs';
import { BcmError } from '../../shared/errors';
import { FlowWindow } from '../terminal/flow';
import { LineSplitter, type SplitOutput } from './lines';
import { RecentLines, skipSeen } from './overlap';

/** How one run of a source ended: `gone` means retrying is pointless (missing command, file, instance). */
export interface RunEnd {
  kind: 'exit' | 'dropped' | 'gone';
  exitCode?: number;
  message?: string;
}

/** One running reader of a source (an exec of `tail -F`, or a poller of LXD's log). */
export interface Run {
  pause(): void;
  resume(): void;
  stop(): void;
  readonly ended: Promise<RunEnd>;
}

export interface RunSink {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
}

/** Starts a reader printing `backlog` lines of history, then following. */
export type StartRun = (backlog: number, sink: RunSink) => Promise<Run>;

export interface TailLimits {
  /** bytes of lines sent and not yet acknowledged before the reader is paused */
  windowBytes: number;
  /** a batch is sent at this many lines, or `batchMs` after its first line */
  batchLines: number;
  batchMs: number;
  maxLineBytes: number;
  /** history asked for when resuming, to find where the log left off */
  resumeBacklog: number;
  /** a resumed history is complete after this long without a new line */
  settleMs: number;
  retryDelaysMs: number[];
  /** lines remembered to resume after a reconnect */
  recentLines: number;
  /** stderr lines passed on as notices per run */
  maxStderrNotices: number;
}

export const defaultTailLimits: TailLimits = {
  windowBytes: 1024 * 1024,
  batchLines: 4_000,
  batchMs: 16,
  maxLineBytes: 16 * 1024,
  resumeBacklog: 1_000,
  settleMs: 250,
  retryDelaysMs: [1_000, 2_000, 5_000, 10_000],
  recentLines: 20,
  maxStderrNotices: 10,
};

/** Per-line cost beyond its characters (array slot, JSON quotes and commas). */
const LINE_OVERHEAD = 16;

/**
 * Follows one log source for one subscriber: batches lines, numbers them, holds the reader when
 * the subscriber falls behind (credit window), and reconnects after a drop, skipping the lines
 * already sent. Says what it is doing through `state` events.
 */
export class LogTail {
  private readonly limits: TailLimits;
  private readonly flow: FlowWindow;
  private readonly recent: RecentLines;
  private seq = 0;
  private batch: string[] = [];
  private batchBytes = 0;
  private batchTimer: NodeJS.Timeout | undefined;
  private run: Run | undefined;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private held: string[] | undefined;
  private heldTimer: NodeJS.Timeout | undefined;
  private seen: string[];

  constructor(
    private readonly start: StartRun,
    private readonly emit: (event: LogTailEvent) => void,
    private readonly options: { backlog: number; resume?: string[] | undefined },
    limits: Partial<TailLimits> = {},
  ) {
    this.limits = { ...defaultTailLimits, ...limits };
    this.flow = new FlowWindow(this.limits.windowBytes);
    this.recent = new RecentLines(this.limits.recentLines);
    this.seen = options.resume ?? [];
  }

  begin(): void {
    void this.connect();
  }

  /** The subscriber processed lines up to number `seq`. */
  ack(seq: number): void {
    if (this.flow.ack(seq)) {
      this.run?.resume();
      this.flush();
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.batchTimer);
    clearTimeout(this.heldTimer);
    this.run?.stop();
    this.run = undefined;
  }

  private state(state: LogTailState, message?: string): void {
    const event: LogTailEvent = { type: 'state', state, at: Date.now() };
    if (message !== undefined) event.message = message;
    if (this.attempt > 0) event.attempt = this.attempt;
    this.emit(event);
  }

  private notice(message: string): void {
    this.emit({ type: 'notice', message, at: Date.now() });
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.state(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const resuming = this.seen.length > 0;
    const backlog = resuming ? Math.max(this.options.backlog, this.limits.resumeBacklog) : this.options.backlog;
    const out = new LineSplitter(this.limits.maxLineBytes);
    const err = new LineSplitter(this.limits.maxLineBytes);
    let stderrNotices = 0;
    const onErr = (split: SplitOutput): void => {
      for (const line of split.lines) {
        if (line.trim() === '') continue;
        stderrNotices += 1;
        if (stderrNotices <= this.limits.maxStderrNotices) this.notice(line);
        else if (stderrNotices === this.limits.maxStderrNotices + 1) this.notice('More messages from the log reader were left out.');
      }
    };
    this.held = resuming ? [] : undefined;
    let run: Run;
    try {
      run = await this.start(backlog, {
        stdout: (chunk) => this.lines(out.push(chunk)),
        stderr: (chunk) => onErr(err.push(chunk)),
      });
    } catch (error) {
      this.held = undefined;
      this.failed(error);
      return;
    }
    if (this.stopped) {
      run.stop();
      return;
    }
    this.run = run;
    if (this.flow.paused) run.pause();
    const reconnected = this.attempt > 0;
    this.attempt = 0;
    this.state('live', reconnected ? 'Reconnected.' : undefined);
    if (resuming) this.armHeld(backlog);
    const end = await run.ended;
    if (this.stopped || this.run !== run) return;
    this.run = undefined;
    this.lines(out.end());
    onErr(err.end());
    this.releaseHeld();
    this.flush();
    this.ended(end);
  }

  private failed(error: unknown): void {
    const e = error instanceof BcmError ? error : new BcmError('INTERNAL', error instanceof Error ? error.message : String(error));
    if (e.code === 'NOT_FOUND' || e.code === 'VALIDATION' || e.code === 'PERMISSION_DENIED' || e.code === 'AUTH_FAILED') {
      this.state('ended', e.message);
      return;
    }
    this.attempt += 1;
    this.state(e.detail?.reason === 'instance-not-running' ? 'waiting' : 'reconnecting', e.message);
    this.retry();
  }

  private ended(end: RunEnd): void {
    if (end.kind === 'gone') {
      this.state('ended', end.message ?? 'The log is gone.');
      return;
    }
    this.attempt += 1;
    const why =
      end.kind === 'dropped'
        ? `The connection was lost${end.message ? ` (${end.message})` : ''}; reconnecting…`
        : `The log reader stopped${end.exitCode !== undefined && end.exitCode >= 0 ? ` (exit code ${end.exitCode})` : ''}; restarting…`;
    this.state('reconnecting', why);
    this.retry();
  }

  private retry(): void {
    if (this.stopped) return;
    const delays = this.limits.retryDelaysMs;
    const delay = delays[Math.min(this.attempt - 1, delays.length - 1)] ?? 10_000;
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  /** Lines from the reader: held while a resumed history is matched, else batched. */
  private lines(split: SplitOutput): void {
    for (const n of split.notices) this.notice(n);
    if (split.lines.length === 0) return;
    if (this.held) {
      this.held.push(...split.lines);
      this.armHeld();
      return;
    }
    this.enqueue(split.lines);
  }

  private armHeld(backlog?: number): void {
    clearTimeout(this.heldTimer);
    if (this.held && backlog !== undefined && this.held.length >= backlog) {
      this.releaseHeld();
      return;
    }
    this.heldTimer = setTimeout(() => this.releaseHeld(), this.limits.settleMs);
  }

  private releaseHeld(): void {
    clearTimeout(this.heldTimer);
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    const { fresh, matched } = skipSeen(this.seen, held);
    if (!matched) this.notice('Could not find where the log left off: some lines may be missing or repeated.');
    this.enqueue(fresh);
  }

  private enqueue(lines: string[]): void {
    for (const line of lines) {
      this.batch.push(line);
      this.batchBytes += line.length + LINE_OVERHEAD;
    }
    if (this.batch.length >= this.limits.batchLines) this.flush();
    else if (this.batchTimer === undefined && this.batch.length > 0) {
      this.batchTimer = setTimeout(() => this.flush(), this.limits.batchMs);
    }
  }

  private flush(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    if (this.batch.length === 0 || this.flow.paused || this.stopped) return;
    const lines = this.batch;
    const bytes = this.batchBytes;
    this.batch = [];
    this.batchBytes = 0;
    const first = this.seq;
    this.seq += lines.length;
    this.recent.push(lines);
    this.seen = this.recent.get();
    this.emit({ type: 'lines', first, lines, at: Date.now() });
    if (this.flow.sent(this.seq - 1, bytes)) this.run?.pause();
  }
}
