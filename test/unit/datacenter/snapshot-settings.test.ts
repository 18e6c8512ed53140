import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeSnapshotSettings } from '../../../src/main/datacenter/snapshots/settings';
import { BcmStore } from '../../../src/main/store/bcm-store';

describe('the number of snapshots kept (config.json "snapshots")', () => {
  let root: string;
  let store: BcmStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'bcm-snapset-'));
    store = new BcmStore(root);
    await store.open();
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it('is 3 until set, then what was set, kept beside the other sections', async () => {
    const settings = storeSnapshotSettings(store);
    expect(await settings.keep()).toBe(3);
    await store.writeJson('config.json', { schemaVersion: 1, backup: { daily: true } }, 'backup settings');
    await settings.setKeep(7);
    expect(await storeSnapshotSettings(store).keep()).toBe(7);
    const file = JSON.parse(await readFile(join(root, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(file).toEqual({ schemaVersion: 1, backup: { daily: true }, snapshots: { keep: 7 } });
  });

  it('falls back to 3 when the section was edited into something invalid', async () => {
    await writeFile(join(root, 'config.json'), JSON.stringify({ schemaVersion: 1, snapshots: { keep: 0 } }));
    expect(await storeSnapshotSettings(store).keep()).toBe(3);
  });
});
