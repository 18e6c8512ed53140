import { describe, expect, it } from 'vitest';
import { checkPassphrase, errorField, fileName, freshness, manifestCounts, newJobId, phaseLabel, progressPercent } from '../../../src/renderer/backup/lib';
import { groupByDay, isCurrent, shortOid } from '../../../src/renderer/history/lib';
import type { HistoryCommit, Manifest } from '../../../src/shared/channels/store';
import { BcmError } from '../../../src/shared/errors';

describe('backup screen helpers', () => {
  it('checks the passphrase pair', () => {
    expect(checkPassphrase('', '', 10)).toEqual({ ok: false });
    expect(checkPassphrase('short', '', 10).error).toMatch(/At least 10/);
    expect(checkPassphrase('long enough!', 'different!', 10).confirmError).toBe('The two passphrases differ.');
    expect(checkPassphrase('long enough!', '', 10)).toEqual({ ok: false });
    expect(checkPassphrase('long enough!', 'long enough!', 10)).toEqual({ ok: true });
  });
  it('shows progress', () => {
    expect(progressPercent(null)).toBe(0);
    expect(progressPercent({ phase: 'writing', done: 1, total: 3 })).toBe(33);
    expect(progressPercent({ phase: 'channels', done: 0, total: 0 })).toBe(0);
    expect(progressPercent({ phase: 'done', done: 0, total: 0 })).toBe(100);
    expect(phaseLabel('verifying')).toBe('Verifying every member');
  });
  it('makes job ids main accepts', () => {
    expect(newJobId(() => 0.5)).toMatch(/^[A-Za-z0-9_-]{6,64}$/);
  });
  it('says how fresh the last backup is', () => {
    const now = new Date('2026-11-21T12:00:00Z');
    const at = (iso: string) => ({ at: iso, path: '', size: 0, members: 0, channelBackups: [], trigger: 'manual' as const });
    expect(freshness(null, now).label).toBe('Never backed up');
    expect(freshness(at('2026-11-21T11:00:00Z'), now).color).toBe('teal');
    expect(freshness(at('2026-11-19T11:00:00Z'), now).label).toBe('Over a day old');
    expect(freshness(at('2026-10-01T11:00:00Z'), now).label).toBe('Over a week old');
  });
  it('counts what a manifest holds and finds the field an error points at', () => {
    const m = { members: [{ path: 'bcm-backup/store/endpoints/a.json', kind: 'store' }, { path: 'bcm-backup/store/config.json', kind: 'store' }] } as unknown as Manifest;
    expect(manifestCounts(m)).toEqual({ endpoints: 1, datacenters: 0, secrets: 0, history: 0, other: 1 });
    expect(errorField(new BcmError('AUTH_FAILED', 'x', { field: 'passphrase' }))).toBe('passphrase');
    expect(errorField(new BcmError('VALIDATION', 'x', { issues: [{ path: ['path'], message: 'm' }] }))).toBe('path');
    expect(errorField(new Error('x'))).toBeUndefined();
    expect(fileName('/a/b/c.age')).toBe('c.age');
  });
});

describe('history screen helpers', () => {
  const c = (oid: string, time: number): HistoryCommit => ({ oid, message: 'm', time, author: 'BCM', parent: null, files: [] });
  it('groups commits by day, newest first, and marks the current one', () => {
    const day1 = Date.UTC(2026, 10, 21, 12) / 1000;
    const day2 = Date.UTC(2026, 10, 20, 12) / 1000;
    const commits = [c('a'.repeat(40), day1 + 60), c('b'.repeat(40), day1), c('c'.repeat(40), day2)];
    const groups = groupByDay(commits, 'en-GB');
    expect(groups.map((g) => g.commits.length)).toEqual([2, 1]);
    expect(isCurrent(commits, 'a'.repeat(40))).toBe(true);
    expect(isCurrent(commits, 'b'.repeat(40))).toBe(false);
    expect(shortOid('0123456789abcdef')).toBe('01234567');
  });
});
