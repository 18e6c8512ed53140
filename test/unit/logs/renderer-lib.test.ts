import { describe, expect, it } from 'vitest';
import { displayRows, entryAt } from '../../../src/renderer/logs/lib/filter';
import { detectLevel, LEVEL } from '../../../src/renderer/logs/lib/levels';
import { LogBuffer } from '../../../src/renderer/logs/lib/log-buffer';
import { formatTime, logFileName } from '../../../src/renderer/logs/lib/save';
import { compileSearch, highlightParts } from '../../../src/renderer/logs/lib/search';
import { clickLine, isSelected, selectionBounds } from '../../../src/renderer/logs/lib/selection';
import { defaultSource, sourceFileLabel } from '../../../src/renderer/logs/lib/sources';

describe('detectLevel', () => {
  it.each([
    ['2026-01-01 12:00:00.000 [INF] LNWL: Opened wallet', LEVEL.info],
    ['2026-01-01 12:00:00.000 [ERR] SRVR: unable to connect', LEVEL.error],
    ['2026-01-01 [WRN] RPCS: slow', LEVEL.warn],
    ['time=2026 level=debug msg="peer connected"', LEVEL.debug],
    ['{"level":"error","msg":"boom"}', LEVEL.error],
    ['Nov 22 00:04:00 host daemon.err bitcoind: disk full', LEVEL.error],
    ['Nov 22 00:04:00 host syslog.info syslogd started', LEVEL.info],
    ['lxc c1 20261122 WARN     attach - attach.c: No security context', LEVEL.warn],
    ['<3>kernel: oops', LEVEL.error],
    ['Sun Nov 22 00:20:06 UTC 2026 tick 1', LEVEL.none],
    ['an error occurred in lower case prose', LEVEL.none],
  ])('%s', (line, level) => {
    expect(detectLevel(line)).toBe(level);
  });
});

describe('search', () => {
  it('finds plain text case-insensitively and highlights it', () => {
    const c = compileSearch('Tick 1', { caseSensitive: false, regex: false });
    if (!c.ok || !c.matcher) throw new Error('expected a matcher');
    expect(c.matcher.test('x tick 10')).toBe(true);
    expect(c.matcher.ranges('tick 1 and TICK 12')).toEqual([[0, 6], [11, 17]]);
    expect(highlightParts('a tick 1 b', c.matcher.ranges('a tick 1 b'))).toEqual([
      { text: 'a ', hit: false },
      { text: 'tick 1', hit: true },
      { text: ' b', hit: false },
    ]);
  });
  it('escapes plain text, and honours case when asked', () => {
    const c = compileSearch('a.b', { caseSensitive: true, regex: false });
    if (!c.ok || !c.matcher) throw new Error('expected a matcher');
    expect(c.matcher.test('axb')).toBe(false);
    expect(c.matcher.test('A.B')).toBe(false);
    expect(c.matcher.test('a.b')).toBe(true);
  });
  it('says why a regular expression is wrong, and survives empty matches', () => {
    expect(compileSearch('(', { caseSensitive: false, regex: true })).toMatchObject({ ok: false });
    const c = compileSearch('x*', { caseSensitive: false, regex: true });
    if (!c.ok || !c.matcher) throw new Error('expected a matcher');
    expect(c.matcher.ranges('aaxxa')).toEqual([[2, 4]]);
    expect(compileSearch('', { caseSensitive: false, regex: true })).toEqual({ ok: true, matcher: null });
  });
});

describe('LogBuffer', () => {
  it('drops the oldest lines in whole chunks and counts levels of what it keeps', () => {
    const buf = new LogBuffer(10, 4);
    buf.appendLines(['[ERR] a', 'b', 'c', 'd', 'e', 'f'], 1);
    buf.appendNotice('reconnected', 2);
    buf.appendLines(['[INF] g', 'h', 'i', 'j', 'k'], 3);
    expect(buf.size).toBeLessThanOrEqual(10);
    expect(buf.dropped).toBe(4);
    expect(buf.first).toBe(4);
    expect(buf.end).toBe(12);
    expect(buf.levelCounts[LEVEL.error]).toBe(0);
    expect(buf.levelCounts[LEVEL.info]).toBe(1);
    expect(buf.live().entry(6)).toMatchObject({ text: 'reconnected', kind: 'notice', at: 2 });
    expect(buf.live().entry(3)).toBeUndefined();
    expect(buf.lastLines(3)).toEqual(['i', 'j', 'k']);
  });

  it('stays flat on an endless log', () => {
    const buf = new LogBuffer(1000, 100);
    for (let i = 0; i < 2000; i++) buf.appendLines(Array.from({ length: 50 }, (_, j) => `line ${i * 50 + j}`), i);
    expect(buf.size).toBeLessThanOrEqual(1100);
    expect(buf.end).toBe(100_000);
    expect(buf.live().entry(buf.end - 1)?.text).toBe('line 99999');
  });

  it('a snapshot keeps what was there while the buffer moves on', () => {
    const buf = new LogBuffer(4, 2);
    buf.appendLines(['a', 'b', 'c'], 1);
    const snap = buf.snapshot();
    buf.appendLines(['d', 'e', 'f', 'g', 'h'], 2);
    expect(buf.first).toBeGreaterThan(0);
    expect([snap.first, snap.end]).toEqual([0, 3]);
    const seen: string[] = [];
    snap.scan((_i, text) => seen.push(text));
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(snap.entry(3)).toBeUndefined();
  });
});

describe('displayRows', () => {
  const buf = new LogBuffer(100);
  buf.appendLines(['[ERR] disk', '[INF] ok', 'plain', '[INF] disk ok'], 0);
  buf.appendNotice('reconnected', 1);
  const view = buf.live();

  it('shows everything without filters (no index array)', () => {
    const d = displayRows(view, { levels: null, matcher: null, onlyMatches: false });
    expect(d).toEqual({ rows: null, count: 5, matches: [] });
    expect(entryAt(d, view, 4)).toBe(4);
  });
  it('filters levels but keeps notices, and finds matches', () => {
    const c = compileSearch('disk', { caseSensitive: false, regex: false });
    const matcher = c.ok ? c.matcher : null;
    const d = displayRows(view, { levels: new Set([LEVEL.info]), matcher, onlyMatches: false });
    expect(Array.from(d.rows ?? [])).toEqual([1, 3, 4]);
    expect(d.matches).toEqual([1]);
    const only = displayRows(view, { levels: null, matcher, onlyMatches: true });
    expect(Array.from(only.rows ?? [])).toEqual([0, 3, 4]);
    expect(only.matches).toEqual([0, 1]);
  });
});

describe('line selection, saving, sources', () => {
  it('selects a line, extends with shift, clears on a second click', () => {
    const one = clickLine(null, 5, false);
    expect(one).toEqual({ anchor: 5, focus: 5 });
    const range = clickLine(one, 2, true);
    expect(range && selectionBounds(range)).toEqual({ first: 2, last: 5 });
    expect(isSelected(range, 3)).toBe(true);
    expect(isSelected(range, 6)).toBe(false);
    expect(clickLine(one, 5, false)).toBeNull();
  });
  it('names a saved file after the instance, the source and the time', () => {
    expect(logFileName('btc-1', '/var/log/bitcoin/debug.log', new Date(2026, 0, 2, 3, 4, 5))).toBe('btc-1-var-log-bitcoin-debug.log-20260102-030405.log');
    expect(logFileName('c', '', new Date(2026, 0, 2, 3, 4, 5))).toBe('c-log-20260102-030405.log');
    expect(formatTime(new Date(2026, 0, 1, 7, 8, 9, 12).getTime())).toBe('07:08:09.012');
  });
  it('starts on the journal, else the system log, else any file, else LXD', () => {
    const file = (path: string) => ({ source: { kind: 'file' as const, path }, label: path });
    const lxd = { source: { kind: 'lxd' as const, file: 'lxc.log' }, label: 'LXD: lxc.log' };
    expect(defaultSource([file('/var/log/a.log'), { source: { kind: 'journal' }, label: 'Journal' }])).toEqual({ kind: 'journal' });
    expect(defaultSource([file('/var/log/a.log'), file('/var/log/messages')])).toEqual({ kind: 'file', path: '/var/log/messages' });
    expect(defaultSource([lxd, file('/var/log/a.log')])).toEqual({ kind: 'file', path: '/var/log/a.log' });
    expect(defaultSource([lxd])).toEqual({ kind: 'lxd', file: 'lxc.log' });
    expect(defaultSource([])).toBeUndefined();
    expect(sourceFileLabel({ kind: 'journal', unit: 'lnd' })).toBe('journal-lnd');
  });
});
