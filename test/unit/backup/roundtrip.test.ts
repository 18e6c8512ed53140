import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackup } from '../../../src/main/backup/create';
import { inspectArchive, maskedFileMode, restoreArchive } from '../../../src/main/backup/restore';
import { BcmStore } from '../../../src/main/store/bcm-store';
import type { BcmStore as Store } from '../../../src/main/store/bcm-store';
import { cleanup, fakeChannels, PASSPHRASE, populatedStore, snapshot, tempDir, TEST_LOG_N } from './helpers';

describe('backup and restore of ~/.bcm', () => {
  let base: string;
  let store: Store;
  let folder: string;
  beforeEach(async () => {
    base = await tempDir('bcm-bk-rt-');
    store = await populatedStore(join(base, '.bcm'));
    folder = join(base, 'backups');
  });
  afterEach(async () => cleanup(base));

  it('makes one archive whose manifest lists every file with its SHA-256, then restores it identically', async () => {
    const before = await snapshot(store.root, [], true);
    const phases = new Set<string>();
    const result = await createBackup({
      store, folder, passphrase: PASSPHRASE, appVersion: '0.1.0', channels: fakeChannels(), logN: TEST_LOG_N,
      onProgress: (p) => phases.add(p.phase),
    });
    expect(result.path.startsWith(folder)).toBe(true);
    expect(result.path).toMatch(/bcm-backup-.*\.age$/);
    expect(await readdir(folder)).toEqual([result.path.split('/').pop()]);
    expect([...phases]).toEqual(expect.arrayContaining(['preparing', 'writing', 'done']));

    const { manifest } = await inspectArchive(result.path, PASSPHRASE);
    expect(manifest.formatVersion).toBe(1);
    expect(manifest.storeHead).toMatch(/^[0-9a-f]{40}$/);
    const paths = manifest.members.map((m) => m.path);
    expect(paths).toEqual(expect.arrayContaining([
      'bcm-backup/store/endpoints/local.json',
      'bcm-backup/store/endpoints/home-server.json',
      'bcm-backup/store/datacenters/home.json',
      'bcm-backup/store/secrets/client.key',
      'bcm-backup/store/.git/HEAD',
      'bcm-backup/channels/home/lnd/regtest/channel.backup',
    ]));
    expect(manifest.channelBackups[0]).toMatchObject({ datacenter: 'home', node: 'lnd', network: 'regtest' });

    // the user changes things, then restores: the current store is kept aside, the archive's comes back
    await writeFile(join(store.root, 'endpoints', 'local.json'), '{"changed": true}\n');
    const report = await restoreArchive({ path: result.path, passphrase: PASSPHRASE, store });
    expect(report.keptAside).toMatch(/\.bcm\.before-restore-\d{8}-\d{6}$/);
    expect(report.uncommittedSaved).toEqual(['endpoints/local.json']);
    expect(await readFile(join(report.keptAside!, 'endpoints', 'local.json'), 'utf8')).toBe('{"changed": true}\n');
    expect(report.verified).toBe(manifest.members.length);
    expect(await snapshot(store.root, ['recovery'])).toEqual(before);
    // every restored file is 0600 (0700 if its owner could run it) and every folder 0700, whatever the
    // archive says: the original store had a 0644 file and a 0755 folder
    const restored = await snapshot(store.root, ['recovery']);
    expect(Object.entries(restored).filter(([p, v]) => (p.endsWith('/') ? v !== '700' : !/ 600$| 700$/.test(v)))).toEqual([]);
    expect(maskedFileMode(0o4755)).toBe(0o700);
    expect(maskedFileMode(0o666)).toBe(0o600);
    expect(maskedFileMode(undefined)).toBe(0o600);

    expect(report.recoveryFolder).toBe(join(store.root, 'recovery', report.recoveryFolder!.split('/').pop()!));
    const restoredScb = report.channelBackups[0]!.restoredPath;
    expect(await readFile(restoredScb, 'utf8')).toBe('fake lnd static channel backup\n');
    expect(await readFile(join(report.recoveryFolder!, 'RECOVERY.txt'), 'utf8')).toContain('restorechanbackup');
    // nothing left beside the store but the kept-aside copy
    expect((await readdir(base)).sort()).toEqual(['.bcm', report.keptAside!.split('/').pop()!, 'backups'].sort());
    // the restored history is the archive's: the app can go on committing
    const reopened = new BcmStore(store.root);
    await reopened.open();
    expect(await reopened.history.head()).toBe(manifest.storeHead);
  });

  it('restores into an empty place where no store exists', async () => {
    const result = await createBackup({ store, folder, passphrase: PASSPHRASE, appVersion: '0.1.0', channels: { backups: [], notes: [] }, logN: TEST_LOG_N });
    const before = await snapshot(store.root, [], true);
    const target = new BcmStore(join(base, 'elsewhere', '.bcm'));
    const report = await restoreArchive({ path: result.path, passphrase: PASSPHRASE, store: target });
    expect(report.keptAside).toBeNull();
    expect(report.recoveryFolder).toBeNull();
    expect(await snapshot(target.root)).toEqual(before);
    expect(dirname(report.restoredTo)).toBe(join(base, 'elsewhere'));
  });

  it('commits changes made outside BCM before reading the store, so the manifest head matches the files', async () => {
    await writeFile(join(store.root, 'endpoints', 'hand-made.json'), '{}\n');
    const result = await createBackup({ store, folder, passphrase: PASSPHRASE, appVersion: '0.1.0', channels: { backups: [], notes: [] }, logN: TEST_LOG_N });
    const [last] = await store.history.log(1);
    expect(last?.message).toMatch(/outside BCM/);
    expect((await inspectArchive(result.path, PASSPHRASE)).manifest.storeHead).toBe(last?.oid);
  });
});
