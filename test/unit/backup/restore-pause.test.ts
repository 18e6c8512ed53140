// A restore swaps ~/.bcm under the running app: what uses the store (Tor, the backup schedule) is
// stopped before the swap and started again after, and a restore during a deploy is refused with
// nothing changed.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupService } from '../../../src/main/backup/service';
import { BcmError } from '../../../src/shared/errors';
import { SecretStore } from '../../../src/main/store/secrets';
import type { BcmStore } from '../../../src/main/store/bcm-store';
import { cleanup, PASSPHRASE, populatedStore, tempDir, TEST_LOG_N } from './helpers';

describe('a restore and what uses ~/.bcm', () => {
  let base: string;
  let store: BcmStore;
  let archive: string;
  const events: string[] = [];
  beforeEach(async () => {
    base = await tempDir('bcm-pause-');
    store = await populatedStore(join(base, '.bcm'));
    const maker = new BackupService({ store, secrets: new SecretStore(store.dirs), appVersion: 't', clientFor: () => Promise.reject(new Error('none')), logN: TEST_LOG_N });
    archive = (await maker.create('job-mmmmmm', PASSPHRASE, join(base, 'out'))).path;
    events.length = 0;
  });
  afterEach(() => cleanup(base));

  const service = (pause: () => Promise<() => Promise<void>>) =>
    new BackupService({ store, secrets: new SecretStore(store.dirs), appVersion: 't', clientFor: () => Promise.reject(new Error('none')), logN: TEST_LOG_N, pauseForRestore: pause });

  it('stops them before the swap and starts them again after', async () => {
    await writeFile(join(store.root, 'endpoints', 'local.json'), '{"changed":true}\n');
    const s = service(async () => {
      events.push(`paused (store still the old one: ${(await readFile(join(store.root, 'endpoints', 'local.json'), 'utf8')).includes('changed')})`);
      return async () => {
        events.push(`resumed (store restored: ${!(await readFile(join(store.root, 'endpoints', 'local.json'), 'utf8')).includes('changed')})`);
      };
    });
    await s.restore('job-rrrrrr', archive, PASSPHRASE);
    expect(events).toEqual(['paused (store still the old one: true)', 'resumed (store restored: true)']);
  });

  it('is refused while a deploy runs, and changes nothing', async () => {
    await writeFile(join(store.root, 'endpoints', 'local.json'), '{"changed":true}\n');
    const s = service(async () => {
      throw new BcmError('CONFLICT', 'A deploy of home is running.');
    });
    await expect(s.restore('job-ssssss', archive, PASSPHRASE)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await readFile(join(store.root, 'endpoints', 'local.json'), 'utf8')).toBe('{"changed":true}\n');
    expect((await s.status(false)).running).toBeNull();
  });
});
