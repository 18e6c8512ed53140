import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TerminalOutput } from '../../../src/shared/channels/terminal';
import type { ErrorShape } from '../../../src/shared/errors';
import { TerminalSession, type Pty, type SessionLimits } from '../../../src/main/terminal/session';

/** A pseudo-terminal in memory: records what the session does to it. */
class FakePty implements Pty {
  written: string[] = [];
  sizes: Array<[number, number]> = [];
  signals: number[] = [];
  paused = false;
  closed = false;
  private data = new Set<(c: Buffer) => void>();
  private exits = new Set<(code: number) => void>();
  write(data: Buffer): void {
    this.written.push(data.toString());
  }
  onData(l: (c: Buffer) => void): () => void {
    this.data.add(l);
    return () => this.data.delete(l);
  }
  resize(cols: number, rows: number): void {
    this.sizes.push([cols, rows]);
  }
  signal(signum: number): void {
    this.signals.push(signum);
    if (signum === 1) this.exit(129);
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  close(): void {
    this.closed = true;
  }
  onExit(l: (code: number) => void): () => void {
    this.exits.add(l);
    return () => this.exits.delete(l);
  }
  output(text: string): void {
    for (const l of this.data) l(Buffer.from(text));
  }
  exit(code: number): void {
    for (const l of [...this.exits]) l(code);
  }
}

const limits: SessionLimits = { scrollbackBytes: 16, windowBytes: 8, graceMs: 1_000, maxChunkBytes: 4, hangupMs: 100 };
const meta = { sessionId: 't-abcdefgh', endpoint: 'local', project: 'default', instance: 'c1', title: 'c1', shell: '/bin/sh', createdAt: '2026-01-01T00:00:00Z' };
const decode = (e: TerminalOutput): string => ('data' in e ? Buffer.from(e.data, 'base64').toString() : '');

describe('TerminalSession', () => {
  let pty: FakePty;
  let disposed: string[];
  let session: TerminalSession;
  beforeEach(() => {
    vi.useFakeTimers();
    pty = new FakePty();
    disposed = [];
    session = new TerminalSession(meta, pty, limits, (s) => disposed.push(s.id));
  });
  afterEach(() => vi.useRealTimers());

  it('replays the scrollback on attach, then streams output with offsets', () => {
    pty.output('hello\r\n');
    vi.advanceTimersByTime(1); // the batch goes out on the next turn (setImmediate)
    const events: TerminalOutput[] = [];
    session.attach((e) => events.push(e), () => undefined);
    expect(events[0]).toMatchObject({ type: 'replay', offset: 7, truncated: false });
    expect(decode(events[0] as TerminalOutput)).toBe('hello\r\n');
    pty.output('ab');
    vi.advanceTimersByTime(1);
    expect(events[1]).toMatchObject({ type: 'data', offset: 9 });
    expect(decode(events[1] as TerminalOutput)).toBe('ab');
  });

  it('pauses the shell when the renderer stops acknowledging, resumes on ack', () => {
    const events: TerminalOutput[] = [];
    session.attach((e) => events.push(e), () => undefined);
    pty.output('12345'); // above maxChunkBytes: sent at once
    pty.output('67890');
    expect(pty.paused).toBe(true);
    session.ack(10);
    expect(pty.paused).toBe(false);
  });

  it('keeps a bounded scrollback while nobody is attached', () => {
    for (let i = 0; i < 100; i++) pty.output('0123456789');
    const events: TerminalOutput[] = [];
    session.attach((e) => events.push(e), () => undefined);
    const replay = events[0] as Extract<TerminalOutput, { type: 'replay' }>;
    expect(Buffer.from(replay.data, 'base64').length).toBe(16);
    expect(replay.truncated).toBe(true);
    expect(pty.paused).toBe(false);
  });

  it('a second attach takes the session; the first is told why', () => {
    const failures: ErrorShape[] = [];
    session.attach(() => undefined, (e) => failures.push(e));
    session.attach(() => undefined, () => undefined);
    expect(failures).toEqual([{ code: 'CONFLICT', message: 'This terminal was opened in another window.' }]);
    expect(session.info().attached).toBe(true);
  });

  it('reports the exit to the attached renderer, and to one that attaches later', () => {
    const events: TerminalOutput[] = [];
    const detach = session.attach((e) => events.push(e), () => undefined);
    pty.exit(3);
    expect(events.at(-1)).toEqual({ type: 'exit', exitCode: 3, message: 'Session ended (exit code 3).' });
    detach();
    const later: TerminalOutput[] = [];
    session.attach((e) => later.push(e), () => undefined);
    expect(later.map((e) => e.type)).toEqual(['replay', 'exit']);
    expect(session.info()).toMatchObject({ state: 'exited', exitCode: 3 });
    session.write(Buffer.from('ignored'));
    expect(pty.written).toEqual([]);
  });

  it('ends itself after the grace period without a renderer', async () => {
    const detach = session.attach(() => undefined, () => undefined);
    detach();
    await vi.advanceTimersByTimeAsync(999);
    expect(disposed).toEqual([]);
    await vi.advanceTimersByTimeAsync(2);
    expect(pty.signals).toEqual([1]);
    expect(pty.closed).toBe(true);
    expect(disposed).toEqual(['t-abcdefgh']);
  });

  it('closes cleanly: SIGHUP first, then the exec is closed', async () => {
    session.attach(() => undefined, () => undefined);
    await session.close();
    expect(pty.signals).toEqual([1]);
    expect(pty.closed).toBe(true);
    expect(disposed).toEqual(['t-abcdefgh']);
  });

  it('passes keystrokes and sizes while running', () => {
    session.write(Buffer.from('ls\r'));
    session.resize(100, 30);
    expect(pty.written).toEqual(['ls\r']);
    expect(pty.sizes).toEqual([[100, 30]]);
  });
});
