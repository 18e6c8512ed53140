// Scheduled backups without a stored passphrase (issue 13): the backup key's setup, the migration
// of an older BCM's remembered passphrase, and unattended backups encrypted to the key.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupService, MIGRATION_NOTICE } from '../../../src/main/backup/service';
import { OLD_PASSPHRASE_SECRET } from '../../../src/main/backup/state';
import type { BcmStore } from '../../../src/main/store/bcm-store';
import { SecretStore } from '../../../src/main/store/secrets';
import { cleanup, PASSPHRASE, populatedStore, tempDir } from './helpers';

describe('the backup key of scheduled backups', () => {
  let base: string;
  let store: BcmStore;
  let secrets: SecretStore;
  let service: BackupService;

  beforeEach(async () => {
    base = await tempDir('bcm-bk-key-');
    store = await populatedStore(join(base, '.bcm'));
    secrets = new SecretStore(store.dirs);
    service = new BackupService({ store, secrets, appVersion: 'test', clientFor: () => Promise.reject(new Error('not reachable in this test')), logN: 10 });
    await service.updateSettings({ folder: join(base, 'out') });
  });
  afterEach(async () => cleanup(base));

  it("deletes an older BCM's remembered passphrase and tells the owner what to do, once", async () => {
    await secrets.write(OLD_PASSPHRASE_SECRET, PASSPHRASE);
    const fresh = new BackupService({ store, secrets, appVersion: 'test', clientFor: () => Promise.reject(new Error('x')), logN: 10 });
    const settings = await fresh.settings();
    expect(settings.notice).toBe(MIGRATION_NOTICE);
    expect(settings.key).toBeNull();
    await expect(stat(join(store.dirs.secrets, OLD_PASSPHRASE_SECRET))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await fresh.createUnattended('daily')).toBeUndefined(); // nothing to encrypt to yet
    expect((await fresh.updateSettings({ dismissNotice: true })).notice).toBeNull();
  });

  it('derived from a passphrase: only the recipient and salt are kept; the passphrase opens what the schedule wrote', async () => {
    const settings = await service.setKey({ source: 'passphrase', passphrase: PASSPHRASE });
    expect(settings.key).toMatchObject({ recipient: expect.stringMatching(/^age1/), source: 'passphrase' });
    const config = await readFile(join(store.root, 'config.json'), 'utf8');
    expect(config).toContain(settings.key!.recipient);
    expect(config).toMatch(/"salt": "[A-Za-z0-9+/]{22}"/);
    expect(config).not.toContain(PASSPHRASE);
    await service.updateSettings({ afterChannelChange: true });
    const result = await service.createUnattended('channel-change', ['home']);
    expect(result).toBeDefined();
    const status = await service.status(false);
    expect(status.channelTriggers.last).toMatchObject({ path: result!.path, datacenters: ['home'] });
    expect(status.lastBackup?.trigger).toBe('channel-change');
    expect((await service.inspect(result!.path, { passphrase: PASSPHRASE })).manifest.members.length).toBeGreaterThan(3);
    await expect(service.inspect(result!.path, { passphrase: 'not the passphrase' })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('a generated identity: BCM keeps its recipient; the identity file opens the archive', async () => {
    const made = await service.generateKey();
    expect(made.fileText).toContain(made.identity);
    expect(made.fileName).toMatch(/^bcm-backup-key-.*\.txt$/);
    await service.setKey({ source: 'generated', recipient: made.recipient });
    const config = await readFile(join(store.root, 'config.json'), 'utf8');
    expect(config).not.toContain('AGE-SECRET-KEY');
    const result = await service.createUnattended('daily');
    expect((await service.inspect(result!.path, { identity: made.fileText })).manifest.app.version).toBe('test');
    const other = await service.generateKey();
    await expect(service.inspect(result!.path, { identity: other.identity })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('a pasted recipient is checked; removing the key stops the schedule', async () => {
    await expect(service.setKey({ source: 'pasted', recipient: 'age1notarecipient' })).rejects.toMatchObject({ code: 'VALIDATION' });
    const { recipient } = await service.generateKey();
    await service.setKey({ source: 'pasted', recipient });
    expect((await service.updateSettings({ daily: true, afterChannelChange: true })).daily).toBe(true);
    const removed = await service.removeKey();
    expect(removed).toMatchObject({ key: null, daily: false, afterChannelChange: false });
  });
});
