// Issue 11: a backup folder that cannot be written is an error before any job starts, a relative one is
// refused, an endpoint that never answers neither holds a backup forever nor makes Cancel do nothing,
// and a remembered passphrase keeps the same minimum as any backup passphrase.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bounded, sweepChannelBackups } from '../../../src/main/backup/channels';
import { checkBackupFolder } from '../../../src/main/backup/folder';
import { BackupService } from '../../../src/main/backup/service';
import { BcmStore } from '../../../src/main/store/bcm-store';
import { SecretStore } from '../../../src/main/store/secrets';
import type { LxdClient } from '../../../src/main/lxd';
import { storeInvokeChannels } from '../../../src/shared/channels/store';
import { cleanup, tempDir } from './helpers';

const never = (): Promise<LxdClient> => new Promise<LxdClient>(() => undefined);

describe('the backup folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir('bcm-folder-');
  });
  afterEach(() => cleanup(dir));

  it('must be absolute, creatable, a folder and writable', async () => {
    await expect(checkBackupFolder('backups')).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/absolute path/) });
    await expect(checkBackupFolder('/proc/nope; rm -rf ~')).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/cannot be created/) });
    await writeFile(join(dir, 'file'), 'x');
    await expect(checkBackupFolder(join(dir, 'file'))).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await checkBackupFolder(`${dir}/new/./deep/`)).toBe(join(dir, 'new', 'deep'));
    expect(await readdir(join(dir, 'new', 'deep'))).toEqual([]); // the probe is gone
  });

  it('is refused by the contract when relative', () => {
    const input = storeInvokeChannels['backup.updateSettings'].input;
    expect(input.safeParse({ folder: 'backups' }).success).toBe(false);
    expect(input.safeParse({ folder: '/home/you/backups' }).success).toBe(true);
    expect(input.safeParse({ rememberPassphrase: 'a long passphrase' }).success).toBe(false); // gone (issue 13)
    const key = storeInvokeChannels['backup.key.set'].input;
    expect(key.safeParse({ source: 'passphrase', passphrase: 'short' }).success).toBe(false);
    expect(key.safeParse({ source: 'passphrase', passphrase: 'a long passphrase' }).success).toBe(true);
    const inspect = storeInvokeChannels['restore.inspect'].input;
    expect(inspect.safeParse({ path: '/a.age' }).success).toBe(false);
    expect(inspect.safeParse({ path: '/a.age', passphrase: 'x', identity: 'AGE-SECRET-KEY-1X' }).success).toBe(false);
    expect(inspect.safeParse({ path: '/a.age', identity: 'AGE-SECRET-KEY-1X' }).success).toBe(true);
  });
});

describe('a backup against an endpoint that never answers', () => {
  let home: string;
  let out: string;
  let store: BcmStore;
  let service: BackupService;
  beforeEach(async () => {
    home = await tempDir('bcm-home-');
    out = await tempDir('bcm-out-');
    store = new BcmStore(home);
    await store.open();
    await mkdir(join(home, 'datacenters'), { recursive: true });
    await writeFile(join(home, 'datacenters', 'dc.json'), JSON.stringify({ name: 'dc', endpoint: 'far-away' }));
    service = new BackupService({ store, secrets: new SecretStore(store.dirs), appVersion: 'test', clientFor: never, logN: 10 });
  });
  afterEach(async () => {
    await cleanup(home);
    await cleanup(out);
  });

  it('refuses a bad folder before a job exists, so the next backup is not "already running"', async () => {
    await expect(service.create('job-aaaaaa', 'a long passphrase', '/proc/nope; rm -rf ~')).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await service.status(false)).running).toBeNull();
  });

  it('ends when cancelled while pulling channel backups, and frees the slot', async () => {
    const run = service.create('job-bbbbbb', 'a long passphrase', out);
    await new Promise((r) => setTimeout(r, 50));
    expect((await service.status(false)).running).toMatchObject({ jobId: 'job-bbbbbb' });
    expect(service.cancel('job-bbbbbb')).toBe(true);
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await service.status(false)).running).toBeNull();
    expect((await readdir(out)).filter((n) => !n.startsWith('.'))).toEqual([]);
  });

  it('goes on without that endpoint after the deadline, saying so', async () => {
    const sweep = await sweepChannelBackups(join(home, 'datacenters'), never, { timeoutMs: 50 });
    expect(sweep.backups).toEqual([]);
    expect(sweep.notes).toEqual([expect.stringMatching(/Datacenter dc: channel backups could not be pulled from endpoint far-away \(Endpoint far-away did not answer within 0 s\)/)]);
  });

  it('remembers the folder a backup was written to', async () => {
    const unreachable = new BackupService({ store, secrets: new SecretStore(store.dirs), appVersion: 'test', clientFor: () => Promise.reject(new Error('unreachable')), logN: 10 });
    const chosen = join(out, 'chosen');
    const result = await unreachable.create('job-cccccc', 'a long passphrase', chosen);
    expect(result.path.startsWith(`${chosen}/`)).toBe(true);
    expect((await unreachable.status(false)).settings.folder).toBe(chosen);
  });

  it('refuses a schedule without a backup key', async () => {
    await expect(service.updateSettings({ daily: true })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringContaining('set one up first') });
  });
});

describe('bounded', () => {
  it('passes the result through, and rejects on abort or deadline', async () => {
    expect(await bounded(Promise.resolve(3), 1000, 'x')).toBe(3);
    const c = new AbortController();
    const p = bounded(new Promise(() => undefined), 60_000, 'x', c.signal);
    c.abort();
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(bounded(new Promise(() => undefined), 10, 'LXD')).rejects.toMatchObject({ code: 'TIMEOUT', message: 'LXD did not answer within 0 s' });
  });
});
