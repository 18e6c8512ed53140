import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogTailEvent } from '../../../src/shared/channels/logs';
import { BcmError } from '../../../src/shared/errors';
import { LogTail, type Run, type RunEnd, type RunSink, type StartRun } from '../../../src/main/logs/tail';

class FakeRun implements Run {
  paused = false;
  stopped = false;
  sink!: RunSink;
  backlog = -1;
  private finish!: (end: RunEnd) => void;
  readonly ended = new Promise<RunEnd>((r) => (this.finish = r));
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  stop(): void {
    this.stopped = true;
    this.finish({ kind: 'exit' });
  }
  write(text: string): void {
    this.sink.stdout(Buffer.from(text));
  }
  end(end: RunEnd): void {
    this.finish(end);
  }
}

/** Hands out the prepared runs (or errors) one start after the other. */
function starter(steps: Array<FakeRun | Error>): { start: StartRun; backlogs: number[] } {
  const backlogs: number[] = [];
  const start: StartRun = async (backlog, sink) => {
    backlogs.push(backlog);
    const step = steps.shift();
    if (!step) throw new Error('no more runs');
    if (step instanceof Error) throw step;
    step.sink = sink;
    step.backlog = backlog;
    return step;
  };
  return { start, backlogs };
}

const lines = (events: LogTailEvent[]): string[] => events.flatMap((e) => (e.type === 'lines' ? e.lines : []));
const states = (events: LogTailEvent[]): string[] => events.flatMap((e) => (e.type === 'state' ? [e.state] : []));
const limits = { batchMs: 5, settleMs: 50, retryDelaysMs: [100, 200], windowBytes: 200, batchLines: 1000 };

describe('LogTail', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('batches numbered lines and says it is live', async () => {
    const run = new FakeRun();
    const events: LogTailEvent[] = [];
    const tail = new LogTail(starter([run]).start, (e) => events.push(e), { backlog: 10 }, limits);
    tail.begin();
    await vi.advanceTimersByTimeAsync(0);
    run.write('a\nb\n');
    run.write('c\n');
    await vi.advanceTimersByTimeAsync(10);
    expect(states(events)).toEqual(['connecting', 'live']);
    const batch = events.find((e) => e.type === 'lines');
    expect(batch).toMatchObject({ type: 'lines', first: 0, lines: ['a', 'b', 'c'] });
    expect(run.backlog).toBe(10);
    tail.stop();
    expect(run.stopped).toBe(true);
  });

  it('holds the reader while the subscriber is behind, and lets it go on acknowledgement', async () => {
    const run = new FakeRun();
    const events: LogTailEvent[] = [];
    const tail = new LogTail(starter([run]).start, (e) => events.push(e), { backlog: 0 }, limits);
    tail.begin();
    await vi.advanceTimersByTimeAsync(0);
    run.write(`${'x'.repeat(100)}\n${'y'.repeat(100)}\n`);
    await vi.advanceTimersByTimeAsync(10);
    expect(run.paused).toBe(true);
    run.write('z\n'); // already in flight when the pause came: kept, not sent
    await vi.advanceTimersByTimeAsync(10);
    expect(lines(events)).toHaveLength(2);
    tail.ack(1);
    expect(run.paused).toBe(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(lines(events)).toEqual(['x'.repeat(100), 'y'.repeat(100), 'z']);
    tail.stop();
  });

  it('reconnects after a drop and skips the lines already sent', async () => {
    const first = new FakeRun();
    const second = new FakeRun();
    const { start, backlogs } = starter([first, second]);
    const events: LogTailEvent[] = [];
    const tail = new LogTail(start, (e) => events.push(e), { backlog: 2 }, { ...limits, resumeBacklog: 50, windowBytes: 1e6 });
    tail.begin();
    await vi.advanceTimersByTimeAsync(0);
    first.write('1\n2\n3\n');
    await vi.advanceTimersByTimeAsync(10);
    first.end({ kind: 'dropped', message: 'socket closed' });
    await vi.advanceTimersByTimeAsync(0);
    expect(events.filter((e) => e.type === 'state').at(-1)).toMatchObject({ state: 'reconnecting', attempt: 1 });
    await vi.advanceTimersByTimeAsync(100);
    expect(backlogs).toEqual([2, 50]);
    second.write('1\n2\n3\n4\n5\n'); // history (seen up to 3), then new lines
    await vi.advanceTimersByTimeAsync(60);
    expect(lines(events)).toEqual(['1', '2', '3', '4', '5']);
    expect(events.filter((e) => e.type === 'state').at(-1)).toMatchObject({ state: 'live', message: 'Reconnected.' });
    tail.stop();
  });

  it('waits while the container is stopped, and ends when the log is gone', async () => {
    const notRunning = new BcmError('CONFLICT', 'c1 is stopped: start it.', { reason: 'instance-not-running', status: 'Stopped' });
    const run = new FakeRun();
    const events: LogTailEvent[] = [];
    const tail = new LogTail(starter([notRunning, run]).start, (e) => events.push(e), { backlog: 0 }, limits);
    tail.begin();
    await vi.advanceTimersByTimeAsync(0);
    expect(events.at(-1)).toMatchObject({ type: 'state', state: 'waiting', message: 'c1 is stopped: start it.' });
    await vi.advanceTimersByTimeAsync(100);
    expect(states(events).at(-1)).toBe('live');
    run.end({ kind: 'gone', message: 'journalctl is not installed in c1, so this log cannot be followed.' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(events.at(-1)).toMatchObject({ type: 'state', state: 'ended', message: /journalctl is not installed/ });
    const count = events.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(events).toHaveLength(count); // gone: no retry
  });

  it('ends at once when the instance does not exist', async () => {
    const events: LogTailEvent[] = [];
    const tail = new LogTail(starter([new BcmError('NOT_FOUND', 'Instance not found.')]).start, (e) => events.push(e), { backlog: 0 }, limits);
    tail.begin();
    await vi.advanceTimersByTimeAsync(500);
    expect(states(events)).toEqual(['connecting', 'ended']);
  });

  it('passes stderr on as notices, a few per run', async () => {
    const run = new FakeRun();
    const events: LogTailEvent[] = [];
    const tail = new LogTail(starter([run]).start, (e) => events.push(e), { backlog: 0 }, { ...limits, maxStderrNotices: 2 });
    tail.begin();
    await vi.advanceTimersByTimeAsync(0);
    run.sink.stderr(Buffer.from("tail: can't open '/x': No such file or directory\n\n2\n3\n4\n"));
    const notices = events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));
    expect(notices).toEqual(["tail: can't open '/x': No such file or directory", '2', 'More messages from the log reader were left out.']);
    tail.stop();
  });
});
