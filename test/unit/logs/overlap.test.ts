import { describe, expect, it } from 'vitest';
import { appendedSince, lastLines } from '../../../src/main/logs/appended';
import { RecentLines, skipSeen } from '../../../src/main/logs/overlap';

describe('skipSeen', () => {
  it('returns what comes after the last occurrence of the seen lines', () => {
    expect(skipSeen(['c', 'd'], ['a', 'b', 'c', 'd', 'e', 'f'])).toEqual({ fresh: ['e', 'f'], matched: true });
    // repeated content: the latest occurrence counts
    expect(skipSeen(['x', 'y'], ['x', 'y', 'z', 'x', 'y', 'w'])).toEqual({ fresh: ['w'], matched: true });
  });
  it('finds a short history that starts inside the seen block', () => {
    expect(skipSeen(['a', 'b', 'c'], ['b', 'c', 'd'])).toEqual({ fresh: ['d'], matched: true });
  });
  it('says when the seen lines are not there (rotated, or a long gap)', () => {
    expect(skipSeen(['a', 'b'], ['p', 'q'])).toEqual({ fresh: ['p', 'q'], matched: false });
  });
  it('nothing seen: everything is new', () => {
    expect(skipSeen([], ['a'])).toEqual({ fresh: ['a'], matched: true });
  });
});

describe('RecentLines', () => {
  it('keeps the last n', () => {
    const r = new RecentLines(3);
    r.push(['a', 'b']);
    r.push(['c', 'd']);
    expect(r.get()).toEqual(['b', 'c', 'd']);
    r.push(['1', '2', '3', '4']);
    expect(r.get()).toEqual(['2', '3', '4']);
  });
});

describe("LXD's whole-file logs", () => {
  it('passes on what was appended', () => {
    expect(appendedSince('a\nb\n', 'a\nb\nc\n')).toEqual({ text: 'c\n', reset: false });
    expect(appendedSince('a\nb\n', 'a\nb\n')).toEqual({ text: '', reset: false });
  });
  it('starts over when the file was recreated', () => {
    expect(appendedSince('old\nlog\n', 'new\n')).toEqual({ text: 'new\n', reset: true });
    expect(appendedSince('', 'first\n')).toEqual({ text: 'first\n', reset: false });
  });
  it('takes the last lines of a text as history', () => {
    expect(lastLines('a\nb\nc\n', 2)).toBe('b\nc\n');
    expect(lastLines('a\nb\nc', 5)).toBe('a\nb\nc\n');
    expect(lastLines('a\nb\n', 0)).toBe('');
    expect(lastLines('', 3)).toBe('');
  });
});
