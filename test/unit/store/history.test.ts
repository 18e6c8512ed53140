import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BcmStore, type StoreChange } from '../../../src/main/store/bcm-store';
import { EndpointStore } from '../../../src/main/store/endpoints-store';
import { HistoryService } from '../../../src/main/store/history-service';
import { SecretStore } from '../../../src/main/store/secrets';
import { storeInvokeChannels } from '../../../src/shared/channels/store';
import type { Endpoint } from '../../../src/shared/endpoints';
import { cleanup, tempDir } from '../backup/helpers';

const home: Endpoint = {
  schemaVersion: 1,
  name: 'home-server',
  kind: 'https',
  address: '192.0.2.10:8443',
  serverFingerprint: 'ab'.repeat(32),
  clientIdentity: 'client',
  addedAt: '2026-11-21T00:00:00.000Z',
};

describe('the history of ~/.bcm', () => {
  let base: string;
  let store: BcmStore;
  let endpoints: EndpointStore;
  beforeEach(async () => {
    base = await tempDir('bcm-hist-');
    store = new BcmStore(join(base, '.bcm'));
    await store.open();
    endpoints = new EndpointStore(store.dirs, store);
  });
  afterEach(async () => cleanup(base));

  const messages = async () => (await store.history.log()).map((c) => c.message);

  it('commits every endpoint change with a readable message', async () => {
    const heard: StoreChange[] = [];
    store.onChange((c) => heard.push(c));
    await endpoints.save(home);
    await endpoints.save({ ...home, address: '192.0.2.11:8443' });
    await endpoints.remove('home-server');
    expect(await messages()).toEqual([
      'Remove endpoint home-server (https 192.0.2.11:8443)',
      'Update endpoint home-server (https 192.0.2.11:8443)',
      'Add endpoint home-server (https 192.0.2.10:8443)',
      'Start the history of ~/.bcm',
    ]);
    expect(heard.map((c) => c.reason)).toEqual(['change', 'change', 'change']);
    const [removal] = await store.history.log(1);
    expect(removal?.files).toEqual([{ path: 'endpoints/home-server.json', change: 'deleted' }]);
  });

  it('keeps secrets out of the history', async () => {
    await new SecretStore(store.dirs).write('client.key', 'PRIVATE');
    await endpoints.save(home);
    expect(await store.history.filesAt()).toEqual(['.gitignore', 'endpoints/home-server.json']);
    expect(await store.history.pending()).toEqual([]);
    const git = await readFile(join(store.root, '.gitignore'), 'utf8');
    expect(git).toContain('/secrets/');
  });

  it('records changes made while BCM was not running when it opens the store', async () => {
    await endpoints.save(home);
    await writeFile(join(store.root, 'endpoints', 'home-server.json'), JSON.stringify({ ...home, address: '192.0.2.99:8443' }));
    expect(await store.history.pending()).toEqual([{ path: 'endpoints/home-server.json', change: 'modified' }]);
    const again = new BcmStore(store.root);
    await again.open();
    expect((await messages())[0]).toBe('Record changes made outside BCM');
    expect(await again.history.pending()).toEqual([]);
  });

  it('serialises concurrent changes: one commit each, none lost', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => endpoints.save({ ...home, name: `ep-${i}`, address: `192.0.2.${i}:8443` })),
    );
    const all = await messages();
    expect(all.filter((m) => m.startsWith('Add endpoint ep-'))).toHaveLength(8);
    expect(await store.history.pending()).toEqual([]);
  });

  it('restores one file to an earlier commit, committing the current state first', async () => {
    const history = new HistoryService(store);
    await endpoints.save(home);
    const [added] = await store.history.log(1);
    await endpoints.save({ ...home, address: '192.0.2.50:8443' });
    // a hand edit that must not be lost
    await writeFile(join(store.root, 'notes.txt'), 'hand edit\n');
    const result = await history.restoreFile(added!.oid, 'endpoints/home-server.json');
    expect(result.message).toMatch(/^Restore endpoints\/home-server.json to its version of [0-9a-f]{8} \("Add endpoint home-server/);
    expect((await endpoints.get('home-server')).address).toBe('192.0.2.10:8443');
    const log = await messages();
    expect(log[0]).toBe(result.message);
    expect(log[1]).toMatch(/outside BCM/);
    expect(await readFile(join(store.root, 'notes.txt'), 'utf8')).toBe('hand edit\n');
    // a file that did not exist then is removed (and that is a commit too)
    const removed = await history.restoreFile(added!.oid, 'notes.txt');
    expect(removed.message).toMatch(/^Remove notes.txt/);
    // the contents as of a commit, for the UI
    expect(JSON.parse((await history.fileAt(added!.oid, 'endpoints/home-server.json')).text).address).toBe('192.0.2.10:8443');
  });

  it('refuses to "restore" what is never in the history, and deletes only files it holds', async () => {
    const history = new HistoryService(store);
    const secrets = new SecretStore(store.dirs);
    await secrets.write('client.key', 'PRIVATE');
    await mkdir(join(store.root, 'state'), { recursive: true });
    await writeFile(join(store.root, 'state', 'last-backup.json'), '{}');
    await endpoints.save(home);
    const [point] = await store.history.log(1);
    for (const path of ['secrets/client.key', 'state/last-backup.json', 'recovery/x/RECOVERY.txt', 'secrets']) {
      await expect(history.restoreFile(point!.oid, path), path).rejects.toMatchObject({ code: 'VALIDATION' });
    }
    expect(await secrets.read('client.key')).toBe('PRIVATE');
    expect(await readFile(join(store.root, 'state', 'last-backup.json'), 'utf8')).toBe('{}');
    // the contract refuses them before main is reached
    const input = storeInvokeChannels['history.restoreFile'].input;
    expect(input.safeParse({ oid: point!.oid, path: 'secrets/client.key' }).success).toBe(false);
    expect(input.safeParse({ oid: point!.oid, path: 'endpoints/home-server.json' }).success).toBe(true);
    // the store's other ignored files (temporary and partial writes) are left alone too
    await writeFile(join(store.root, 'draft.tmp'), 'scratch');
    await expect(history.restoreFile(point!.oid, 'draft.tmp')).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await readFile(join(store.root, 'draft.tmp'), 'utf8')).toBe('scratch');
  });

  it('restores the whole store to an earlier commit, leaving secrets alone', async () => {
    const history = new HistoryService(store);
    const secrets = new SecretStore(store.dirs);
    await secrets.write('client.key', 'PRIVATE');
    await endpoints.save(home);
    const [point] = await store.history.log(1);
    await endpoints.save({ ...home, name: 'second', address: '192.0.2.2:8443' });
    await store.writeJson('datacenters/dc.json', { name: 'dc', endpoint: 'second' }, 'Add datacenter dc');
    const result = await history.restoreAll(point!.oid);
    expect(result.files.map((f) => f.path).sort()).toEqual(['datacenters/dc.json', 'endpoints/second.json']);
    expect((await endpoints.list()).map((e) => e.name)).toEqual(['home-server']);
    expect(await secrets.read('client.key')).toBe('PRIVATE');
    // and back again: the restore is itself history
    const [, beforeRestore] = await store.history.log(2);
    await history.restoreAll(beforeRestore!.oid);
    expect((await endpoints.list()).map((e) => e.name).sort()).toEqual(['home-server', 'second']);
  });

  it('refuses a commit id that is not in the history', async () => {
    const history = new HistoryService(store);
    await expect(history.restoreAll('0'.repeat(40))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses paths outside the store or inside .git', () => {
    expect(() => store.resolve('../escape')).toThrow(/not a path inside/);
    expect(() => store.resolve('.git/config')).toThrow(/not a path inside/);
    expect(() => store.resolve('/etc/passwd')).toThrow(/not a path inside/);
    expect(store.resolve('endpoints/a.json')).toBe(join(store.root, 'endpoints', 'a.json'));
  });

  it('works with a store folder that was removed under it (re-opened)', async () => {
    await rm(store.root, { recursive: true });
    await store.open();
    expect(await messages()).toEqual(['Start the history of ~/.bcm']);
  });
});

describe('large files', () => {
  it('are kept out of the history (and reported nowhere as pending), but stay in the store', async () => {
    const base = await tempDir('bcm-hist-big-');
    try {
      const store = new BcmStore(join(base, '.bcm'));
      await store.open();
      await writeFile(join(store.root, 'big.bin'), Buffer.alloc(9 * 1024 * 1024, 1));
      await writeFile(join(store.root, 'small.json'), '{}\n');
      expect(await store.history.pending()).toEqual([{ path: 'small.json', change: 'added' }]);
      await store.commitPending('Record');
      expect(await store.history.filesAt()).toEqual(['.gitignore', 'small.json']);
    } finally {
      await cleanup(base);
    }
  });
});
