import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/main/logs/lines';
import { cleanLine } from '../../../src/main/logs/sanitize';
import { followCommand, parseDiscovery, sourceLabel } from '../../../src/main/logs/commands';

describe('LineSplitter', () => {
  it('joins lines split across chunks and drops CR of CRLF', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from('one\r\ntw')).lines).toEqual(['one']);
    expect(s.push(Buffer.from('o\nthree')).lines).toEqual(['two']);
    expect(s.end().lines).toEqual(['three']);
    expect(s.end().lines).toEqual([]);
  });

  it('keeps a multi-byte character split between chunks whole', () => {
    const s = new LineSplitter();
    const bytes = Buffer.from('₿ ok\n');
    expect(s.push(bytes.subarray(0, 1)).lines).toEqual([]);
    expect(s.push(bytes.subarray(1)).lines).toEqual(['₿ ok']);
  });

  it('cuts a very long line, says so once, and stays bounded', () => {
    const s = new LineSplitter(1024);
    const out = s.push(Buffer.concat([Buffer.alloc(5000, 'a'), Buffer.from('\nnext\n'), Buffer.alloc(3000, 'b'), Buffer.from('\n')]));
    expect(out.lines).toHaveLength(3);
    expect(out.lines[0]).toBe(`${'a'.repeat(1024)} … [cut: 3,976 more bytes]`);
    expect(out.lines[1]).toBe('next');
    expect(out.lines[2]).toMatch(/^b{1024} … \[cut: 1,976 more bytes\]$/);
    expect(out.notices).toHaveLength(1);
    // a line without end that goes on and on holds at most the limit
    for (let i = 0; i < 100; i++) s.push(Buffer.alloc(10_000, 'c'));
    expect(s.end().lines[0]).toMatch(/^c{1024} … \[cut: 998,976 more bytes\]$/);
  });

  it('shows binary garbage as symbols and says so once', () => {
    const s = new LineSplitter();
    const out = s.push(Buffer.from([0x41, 0x00, 0x07, 0xff, 0xfe, 0x42, 0x0a, 0x01, 0x0a]));
    expect(out.lines[0]).toBe('A␀␇��B');
    expect(out.lines[1]).toBe('␁');
    expect(out.notices).toEqual(['This log holds binary data: bytes that are not text are shown as symbols (␀, ␛, �).']);
  });
});

describe('cleanLine', () => {
  it('removes colour and title escape sequences, keeps tabs', () => {
    expect(cleanLine('\x1b[1;31mERROR\x1b[0m\tdisk full')).toEqual({ text: 'ERROR\tdisk full', binary: false });
    expect(cleanLine('\x1b]0;title\x07prompt')).toEqual({ text: 'prompt', binary: false });
  });
  it('passes plain text through untouched', () => {
    expect(cleanLine('2026-01-01 INFO started')).toEqual({ text: '2026-01-01 INFO started', binary: false });
  });
});

describe('source commands', () => {
  it('follows a file with tail -F and the journal with journalctl -f', () => {
    expect(followCommand({ kind: 'file', path: '/var/log/x y.log' }, 500)).toEqual(['tail', '-n', '500', '-F', '/var/log/x y.log']);
    expect(followCommand({ kind: 'journal', unit: 'lnd.service' }, 0)).toEqual([
      'journalctl', '--follow', '--no-pager', '--output', 'short-iso', '--lines', '0', '--unit', 'lnd.service',
    ]);
  });
  it('reads what discovery found', () => {
    expect(parseDiscovery('J\nF /var/log/messages\nF /var/log/a.log\nF /var/log/a.log\nnoise\n')).toEqual({
      journal: true,
      files: ['/var/log/messages', '/var/log/a.log'],
    });
    expect(parseDiscovery('')).toEqual({ journal: false, files: [] });
  });
  it('labels sources', () => {
    expect(sourceLabel({ kind: 'lxd', file: 'lxc.log' })).toBe('LXD: lxc.log');
    expect(sourceLabel({ kind: 'journal' })).toBe('journal');
  });
});
