import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogTailEvent } from '../../../src/shared/channels/logs';
import { LxdClient, createUnixTransport } from '../../../src/main/lxd/index';
import { LogService, type TailRequest } from '../../../src/main/logs/service';

// Real LXD (scripts/setup-test-env.sh), busybox containers: no journal, syslogd writing /var/log/messages.
const IMAGE = 'bcm-test-busybox';
const lxc = (...args: string[]): string => execFileSync('lxc', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const running = `bcmt-term-${process.pid}-l`;
const stopped = `bcmt-term-${process.pid}-ls`;
let tailCount = 0;

async function until(what: string, probe: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A subscriber in memory that acknowledges each batch like the renderer (unless told not to). */
function follow(service: LogService, request: Omit<TailRequest, 'tailId' | 'endpoint' | 'project'>, options: { ack?: boolean } = {}) {
  const tailId = `l-test${process.pid}x${++tailCount}`;
  const events: LogTailEvent[] = [];
  const lines: string[] = [];
  const stop = service.subscribe({ tailId, endpoint: 'local', project: 'default', ...request }, (event) => {
    events.push(event);
    if (event.type === 'lines') {
      lines.push(...event.lines);
      if (options.ack !== false) service.ack(tailId, event.first + event.lines.length - 1);
    }
  });
  const states = (): string[] => events.flatMap((e) => (e.type === 'state' ? [e.state] : []));
  const notices = (): string[] => events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));
  return { tailId, stop, events, lines, states, notices };
}

describe('log tails against the real LXD', () => {
  let client: LxdClient;
  let service: LogService;

  beforeAll(() => {
    lxc('launch', IMAGE, running);
    lxc('init', IMAGE, stopped);
    client = new LxdClient(createUnixTransport('/var/lib/lxd/unix.socket'));
    service = new LogService(async () => client, { lxdPollMs: 300, limits: { retryDelaysMs: [300, 600] } });
  });

  afterAll(() => {
    service.closeAll();
    client.close();
    for (const name of [running, stopped]) {
      try {
        lxc('delete', '--force', name);
      } catch {
        // already gone
      }
    }
  });

  it('lists what can be followed: files while running, LXD logs always, no journal in busybox', async () => {
    lxc('exec', running, '--', 'sh', '-c', 'echo hello > /var/log/app.log');
    const found = await service.sources('local', 'default', running);
    expect(found).toMatchObject({ running: true, journal: false });
    const labels = found.sources.map((s) => s.label);
    expect(labels).toEqual(expect.arrayContaining(['/var/log/messages', '/var/log/app.log', 'LXD: lxc.log']));
    const off = await service.sources('local', 'default', stopped);
    expect(off).toMatchObject({ running: false, journal: false });
    expect(off.sources.every((s) => s.source.kind === 'lxd')).toBe(true);
  });

  it('follows a file as it grows, with its history first', async () => {
    lxc('exec', running, '--', 'sh', '-c', 'seq 1 20 | sed "s/^/old /" > /var/log/grow.log');
    const tail = follow(service, { name: running, source: { kind: 'file', path: '/var/log/grow.log' }, backlog: 5 });
    await until('the history', () => tail.lines.length >= 5);
    expect(tail.lines).toEqual(['old 16', 'old 17', 'old 18', 'old 19', 'old 20']);
    expect(tail.states()).toEqual(['connecting', 'live']);
    lxc('exec', running, '--', 'sh', '-c', 'echo new 1 >> /var/log/grow.log; echo new 2 >> /var/log/grow.log');
    await until('new lines', () => tail.lines.includes('new 2'));
    tail.stop();
  });

  it('shows binary garbage and very long lines without choking', async () => {
    lxc('exec', running, '--', 'sh', '-c', "printf 'ok\\000\\001\\377bin\\n' > /var/log/bad.log; head -c 100000 /dev/zero | tr '\\0' x >> /var/log/bad.log; echo >> /var/log/bad.log; echo after >> /var/log/bad.log");
    const tail = follow(service, { name: running, source: { kind: 'file', path: '/var/log/bad.log' }, backlog: 10 });
    await until('the lines', () => tail.lines.includes('after'));
    expect(tail.lines[0]).toBe('ok␀␁�bin');
    expect(tail.lines[1]).toMatch(/^x{16384} … \[cut: 83,616 more bytes\]$/);
    expect(tail.notices().join('\n')).toMatch(/binary data/);
    expect(tail.notices().join('\n')).toMatch(/longer than 16 KiB are cut/);
    tail.stop();
  });

  it('holds the reader when the subscriber stops acknowledging', async () => {
    lxc('exec', running, '--', 'sh', '-c', 'seq 1 300000 > /var/log/big.log');
    const tail = follow(service, { name: running, source: { kind: 'file', path: '/var/log/big.log' }, backlog: 100_000 }, { ack: false });
    await until('the first lines', () => tail.lines.length > 0);
    await new Promise((r) => setTimeout(r, 1_000));
    // 1 MiB window of ~23-byte lines, plus one batch: far below the 100,000 asked for
    expect(tail.lines.length).toBeLessThan(60_000);
    const held = tail.lines.length;
    service.ack(tail.tailId, held - 1);
    await until('more lines after the acknowledgement', () => tail.lines.length > held);
    tail.stop();
  });

  it("follows LXD's own log of an instance, also of a stopped one", async () => {
    const tail = follow(service, { name: stopped, source: { kind: 'lxd', file: 'lxc.log' }, backlog: 50 });
    await until('live', () => tail.states().includes('live'));
    tail.stop();
    const live = follow(service, { name: running, source: { kind: 'lxd', file: 'lxc.log' }, backlog: 0 });
    await until('live', () => live.states().includes('live'));
    lxc('exec', running, '--', 'true'); // every exec adds a line to lxc.log
    await until('a new line', () => live.lines.some((l) => l.includes(running)));
    live.stop();
  });

  it('says the journal is missing, and ends', async () => {
    const tail = follow(service, { name: running, source: { kind: 'journal' }, backlog: 10 });
    await until('the end', () => tail.states().includes('ended'));
    expect(tail.events.at(-1)).toMatchObject({ type: 'state', state: 'ended', message: `journalctl is not installed in ${running}, so this log cannot be followed.` });
    tail.stop();
  });

  it('waits while the container is down and resumes without repeating lines', async () => {
    lxc('exec', running, '--', 'sh', '-c', 'seq 1 5 | sed "s/^/line /" > /var/log/resume.log');
    const tail = follow(service, { name: running, source: { kind: 'file', path: '/var/log/resume.log' }, backlog: 100 });
    await until('the history', () => tail.lines.length === 5);
    lxc('stop', '--force', running);
    await until('waiting', () => tail.states().includes('waiting'));
    expect(tail.events.filter((e) => e.type === 'state').at(-1)).toMatchObject({ message: expect.stringMatching(/is stopped/) });
    lxc('start', running);
    lxc('exec', running, '--', 'sh', '-c', 'echo line 6 >> /var/log/resume.log');
    await until('the line written while away', () => tail.lines.includes('line 6'), 20_000);
    expect(tail.lines).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6']);
    expect(tail.events.filter((e) => e.type === 'state').at(-1)).toMatchObject({ state: 'live', message: 'Reconnected.' });
    tail.stop();
  });
});
