import { describe, expect, it, vi } from 'vitest';
import { isSafeMemberPath, parseManifest, summarise, verifyMembers, type ExtractedMember } from '../../../src/main/backup/manifest';
import { archiveName, beforeRestoreName, isArchiveName, isInside, partialName, safeHostName, stamp } from '../../../src/main/backup/naming';
import { throttled, type ProgressUpdate } from '../../../src/main/backup/progress';
import { recoveryInstructions } from '../../../src/main/backup/recovery-notes';
import { BackupScheduler, CHANNEL_DEBOUNCE, dailyDue, debounceFireAt, type SchedulerTarget } from '../../../src/main/backup/schedule';
import { bytes, progressLine } from '../../../src/main/cli/format';
import type { BackupSettings, LastBackup, Manifest } from '../../../src/shared/channels/store';

const sha = (c: string) => c.repeat(64);
const manifest: Manifest = {
  format: 'bcm-backup',
  formatVersion: 1,
  createdAt: '2026-11-21T10:00:00.000Z',
  app: { name: 'bcm', version: '0.1.0' },
  host: 'laptop',
  source: '/home/u/.bcm',
  storeHead: null,
  members: [
    { path: 'bcm-backup/store/endpoints/a.json', kind: 'store', size: 3, mode: 0o644, sha256: sha('a') },
    { path: 'bcm-backup/store/secrets/client.key', kind: 'store', size: 5, mode: 0o600, sha256: sha('b') },
    { path: 'bcm-backup/store/.git/HEAD', kind: 'store', size: 1, mode: 0o644, sha256: sha('c') },
    { path: 'bcm-backup/channels/home/lnd/regtest/channel.backup', kind: 'channel-backup', size: 2, mode: 0o600, sha256: sha('d') },
  ],
  channelBackups: [],
  notes: [],
};

describe('the manifest', () => {
  it('parses its own format and refuses others, newer ones with a way forward', () => {
    expect(parseManifest(JSON.stringify(manifest), 'x')).toEqual(manifest);
    expect(() => parseManifest('{', 'The archive a.age')).toThrow(/unreadable manifest/);
    expect(() => parseManifest('{"format":"zip"}', 'x')).toThrow(/not a BCM backup/);
    expect(() => parseManifest(JSON.stringify({ ...manifest, formatVersion: 3 }), 'x')).toThrow(/format 3; this BCM reads format 1\. Update BCM/);
    expect(() => parseManifest(JSON.stringify({ ...manifest, host: 7 }), 'x')).toThrow(/malformed manifest \(host/);
    const evil = { ...manifest, members: [{ ...manifest.members[0]!, path: 'bcm-backup/../etc/passwd' }] };
    expect(() => parseManifest(JSON.stringify(evil), 'x')).toThrow(/unsafe member path/);
  });

  it('knows safe member paths', () => {
    expect(isSafeMemberPath('bcm-backup/store/a.json')).toBe(true);
    expect(isSafeMemberPath('bcm-backup/store/')).toBe(true);
    for (const bad of ['/etc/passwd', 'bcm-backup/../x', 'other/a', 'bcm-backup//a', 'bcm-backup/./a', 'bcm-backup\\a', '']) expect(isSafeMemberPath(bad), bad).toBe(false);
  });

  it('verifies every member: missing, wrong size, wrong hash, extra', () => {
    const ok = new Map<string, ExtractedMember>(manifest.members.map((m) => [m.path, { path: m.path, size: m.size, sha256: m.sha256 }]));
    expect(verifyMembers(manifest, ok)).toEqual([]);
    const bad = new Map(ok);
    bad.delete('bcm-backup/store/.git/HEAD');
    bad.set('bcm-backup/store/endpoints/a.json', { path: 'bcm-backup/store/endpoints/a.json', size: 4, sha256: sha('a') });
    bad.set('bcm-backup/store/secrets/client.key', { path: 'bcm-backup/store/secrets/client.key', size: 5, sha256: sha('e') });
    bad.set('bcm-backup/store/extra', { path: 'bcm-backup/store/extra', size: 1, sha256: sha('f') });
    expect(verifyMembers(manifest, bad)).toEqual([
      'bcm-backup/store/endpoints/a.json has 4 bytes, the manifest says 3',
      'bcm-backup/store/secrets/client.key does not match its SHA-256 in the manifest',
      'bcm-backup/store/.git/HEAD is missing',
      'bcm-backup/store/extra is not in the manifest',
    ]);
  });

  it('summarises what an archive holds', () => {
    expect(summarise(manifest)).toEqual({ endpoints: 1, datacenters: 0, secrets: 1, history: 1, other: 0, channelBackups: 0 });
  });
});

describe('names', () => {
  const date = new Date(2026, 10, 21, 9, 3, 5);
  it('stamps and names archives so they sort by time', () => {
    expect(stamp(date)).toBe('20261121-090305');
    expect(archiveName('My Laptop.local', date)).toBe('bcm-backup-my-laptop-local-20261121-090305.age');
    expect(archiveName('h', date, 1)).toBe('bcm-backup-h-20261121-090305-2.age');
    expect(safeHostName('***')).toBe('host');
    expect(partialName('a.age')).toBe('.a.age.partial');
    expect(isArchiveName('a.age')).toBe(true);
    expect(isArchiveName('.a.age.partial')).toBe(false);
    expect(isArchiveName('.a.age')).toBe(false);
    expect(beforeRestoreName('/h/.bcm', date)).toBe('/h/.bcm.before-restore-20261121-090305');
  });
  it('tells when a folder is inside another', () => {
    expect(isInside('/h/.bcm/x', '/h/.bcm')).toBe(true);
    expect(isInside('/h/.bcm', '/h/.bcm')).toBe(true);
    expect(isInside('/h/.bcm-backups', '/h/.bcm')).toBe(false);
  });
});

describe('progress', () => {
  it('forwards at most one update per interval, but every phase change and the last of a phase', () => {
    let now = 0;
    const seen: ProgressUpdate[] = [];
    const p = throttled((u) => seen.push(u), 100, () => now);
    p({ phase: 'writing', done: 1, total: 10 });
    p({ phase: 'writing', done: 2, total: 10 });
    now = 50;
    p({ phase: 'writing', done: 3, total: 10 });
    now = 150;
    p({ phase: 'writing', done: 4, total: 10 });
    p({ phase: 'writing', done: 5, total: 10 });
    p({ phase: 'done', done: 10, total: 10 });
    expect(seen.map((u) => `${u.phase}:${u.done}`)).toEqual(['writing:1', 'writing:4', 'writing:5', 'done:10']);
  });
  it('prints a line for the CLI', () => {
    expect(progressLine({ jobId: 'j', kind: 'backup', phase: 'writing', done: 5, total: 10, member: 'endpoints/a.json' })).toBe('writing     50% endpoints/a.json');
    expect(bytes(1536)).toBe('1.5 KiB');
    expect(bytes(12)).toBe('12 B');
  });
});

describe('the schedule', () => {
  const key = { recipient: 'age1zv094md7x3uv2fa4ks06g9sjhsljy6yy8hekeps5yz83qa8kjg7s3l8zkr', source: 'generated' as const, setAt: '2026-11-21T00:00:00Z' };
  const settings: BackupSettings = { folder: '/b', daily: true, afterChannelChange: true, key, notice: null };
  const last = (at: string): LastBackup => ({ at, path: '/b/a.age', size: 1, members: 1, channelBackups: [], trigger: 'manual' });
  const now = new Date('2026-11-21T12:00:00Z');
  it('is due daily only with a backup key', () => {
    expect(dailyDue(settings, null, now)).toBe(true);
    expect(dailyDue(settings, last('2026-11-21T00:00:00Z'), now)).toBe(false);
    expect(dailyDue(settings, last('2026-11-20T11:59:00Z'), now)).toBe(true);
    expect(dailyDue({ ...settings, key: null }, null, now)).toBe(false);
    expect(dailyDue({ ...settings, daily: false }, null, now)).toBe(false);
  });

  it('debounces a burst: fires once quiet, at the latest maxWait after the first change', () => {
    const policy = { quietMs: 10, maxWaitMs: 45 };
    expect(debounceFireAt(0, 0, policy)).toBe(10);
    expect(debounceFireAt(0, 8, policy)).toBe(18);
    expect(debounceFireAt(0, 40, policy)).toBe(45); // never settles: still within the bound
    expect(CHANNEL_DEBOUNCE.maxWaitMs + 15_000).toBeLessThanOrEqual(60_000); // plus a backup's time: within the minute
  });

  const target = (over: Partial<SchedulerTarget> = {}) => {
    const createUnattended = vi.fn(async () => undefined);
    return { createUnattended, t: { settings: async () => settings, lastBackup: async () => null, busy: () => false, createUnattended, ...over } };
  };

  it('backs up after a burst of channel changes, once, naming the datacenters', async () => {
    vi.useFakeTimers();
    try {
      const { t, createUnattended } = target();
      const scheduler = new BackupScheduler(t, { debounce: { quietMs: 1000, maxWaitMs: 5000 } });
      scheduler.channelStateChanged('b');
      expect(scheduler.pendingSince()).not.toBeNull();
      await vi.advanceTimersByTimeAsync(500);
      scheduler.channelStateChanged('a');
      await vi.advanceTimersByTimeAsync(999);
      expect(createUnattended).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(10);
      expect(createUnattended).toHaveBeenCalledExactlyOnceWith('channel-change', ['a', 'b']);
      expect(scheduler.pendingSince()).toBeNull();
      expect(await scheduler.tick()).toBe(true);
      expect(createUnattended).toHaveBeenLastCalledWith('daily');
      scheduler.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits for a running job, does nothing with the switch off or without a key', async () => {
    vi.useFakeTimers();
    try {
      let busy = true;
      const { t, createUnattended } = target({ busy: () => busy });
      const scheduler = new BackupScheduler(t, { debounce: { quietMs: 100, maxWaitMs: 500 } });
      scheduler.channelStateChanged('a');
      await vi.advanceTimersByTimeAsync(4000);
      expect(createUnattended).not.toHaveBeenCalled();
      busy = false;
      await vi.advanceTimersByTimeAsync(5000);
      expect(createUnattended).toHaveBeenCalledOnce();
      for (const off of [{ ...settings, afterChannelChange: false }, { ...settings, key: null }]) {
        const other = target({ settings: async () => off });
        const s = new BackupScheduler(other.t, { debounce: { quietMs: 100, maxWaitMs: 500 } });
        s.channelStateChanged('a');
        await vi.advanceTimersByTimeAsync(1000);
        expect(other.createUnattended).not.toHaveBeenCalled();
      }
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('recovery instructions', () => {
  it('say how to feed each implementation its static channel backup', () => {
    const base = { datacenter: 'home', endpoint: 'local', project: 'bcm-home', network: 'regtest', sha256: sha('a'), size: 10, path: 'p' };
    const lines = recoveryInstructions([
      { ...base, node: 'lnd', implementation: 'lnd', sourcePath: '/var/lib/lnd/data/chain/bitcoin/regtest/channel.backup', restoredPath: '/r/lnd.backup' },
      { ...base, node: 'clightning', implementation: 'clightning', sourcePath: '/var/lib/clightning/regtest/emergency.recover', restoredPath: '/r/er' },
    ]);
    expect(lines[0]).toMatch(/force-close/);
    expect(lines[1]).toContain('lxc file push /r/lnd.backup lnd/tmp/channel.backup --project bcm-home');
    expect(lines[1]).toContain('restorechanbackup --multi_file=/tmp/channel.backup');
    expect(lines[2]).toContain('lxc file push /r/er clightning/var/lib/clightning/regtest/emergency.recover --project bcm-home');
    expect(recoveryInstructions([])).toEqual([]);
  });
});
