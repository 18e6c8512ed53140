import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EndpointStore } from '../../../src/main/store/endpoints-store';
import { layout, type BcmLayout } from '../../../src/main/store/paths';
import { SecretStore } from '../../../src/main/store/secrets';
import type { Endpoint } from '../../../src/shared/endpoints';
import { BcmError } from '../../../src/shared/errors';

const endpoint: Endpoint = { schemaVersion: 1, name: 'local', kind: 'unix', address: '/var/lib/lxd/unix.socket', addedAt: '2026-11-21T00:00:00.000Z' };

describe('the endpoint store', () => {
  let dirs: BcmLayout;
  let store: EndpointStore;
  beforeEach(async () => {
    dirs = layout(await mkdtemp(join(tmpdir(), 'bcm-store-')));
    store = new EndpointStore(dirs);
  });
  afterEach(async () => rm(dirs.root, { recursive: true, force: true }));

  it('starts empty, saves, lists, gets and removes', async () => {
    expect(await store.list()).toEqual([]);
    await store.save(endpoint);
    await store.save({ ...endpoint, name: 'another' });
    expect((await store.list()).map((e) => e.name)).toEqual(['another', 'local']);
    expect(await store.get('local')).toEqual(endpoint);
    expect(await store.exists('local')).toBe(true);
    await store.remove('local');
    expect(await store.exists('local')).toBe(false);
    await expect(store.get('local')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('writes atomically: no temporary file is left behind', async () => {
    for (let i = 0; i < 20; i++) await store.save({ ...endpoint, address: `/sock/${i}` });
    expect(await readdir(dirs.endpoints)).toEqual(['local.json']);
    expect(JSON.parse(await readFile(join(dirs.endpoints, 'local.json'), 'utf8')).address).toBe('/sock/19');
  });

  it('reports a corrupt file by name and leaves it untouched', async () => {
    await mkdir(dirs.endpoints, { recursive: true });
    const file = join(dirs.endpoints, 'broken.json');
    await writeFile(file, '{"schemaVersion": 1, "name": "bro');
    const err = (await store.list().catch((e: unknown) => e)) as BcmError;
    expect(err).toBeInstanceOf(BcmError);
    expect(err.code).toBe('STORE_ERROR');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/left it untouched/);
    expect(await readFile(file, 'utf8')).toBe('{"schemaVersion": 1, "name": "bro');
  });

  it('refuses a file from a newer BCM, saying so', async () => {
    await mkdir(dirs.endpoints, { recursive: true });
    await writeFile(join(dirs.endpoints, 'future.json'), JSON.stringify({ ...endpoint, name: 'future', schemaVersion: 7 }));
    await expect(store.get('future')).rejects.toMatchObject({ code: 'STORE_ERROR', message: expect.stringMatching(/newer version of BCM/) });
  });

  it('refuses to store an invalid endpoint', async () => {
    await expect(store.save({ ...endpoint, name: 'Not Valid' })).rejects.toThrow();
    expect(await store.list()).toEqual([]);
  });
});

describe('the secret store', () => {
  let dirs: BcmLayout;
  beforeEach(async () => {
    dirs = layout(await mkdtemp(join(tmpdir(), 'bcm-secrets-')));
  });
  afterEach(async () => rm(dirs.root, { recursive: true, force: true }));

  it('keeps secrets 0600 in a 0700 folder, whatever the umask', async () => {
    const old = process.umask(0o000);
    try {
      const secrets = new SecretStore(dirs);
      await secrets.write('client.key', 'PRIVATE');
      expect((await stat(dirs.secrets)).mode & 0o777).toBe(0o700);
      expect((await stat(join(dirs.secrets, 'client.key'))).mode & 0o777).toBe(0o600);
      expect(await secrets.read('client.key')).toBe('PRIVATE');
      expect(await secrets.read('missing')).toBeUndefined();
    } finally {
      process.umask(old);
    }
  });

  it('refuses names that would leave the folder', async () => {
    const secrets = new SecretStore(dirs);
    await expect(secrets.write('../escape', 'x')).rejects.toThrow(/Bad secret name/);
  });

  it("removes a forgotten datacenter's secrets by prefix, and only those", async () => {
    const secrets = new SecretStore(dirs);
    expect(await secrets.removeAll('dc.home.')).toEqual([]); // no folder yet
    for (const n of ['dc.home.onion-key', 'dc.home.rpc-password', 'dc.home2.onion-key', 'backup-identity']) await secrets.write(n, 'x');
    expect((await secrets.removeAll('dc.home.')).sort()).toEqual(['dc.home.onion-key', 'dc.home.rpc-password']);
    expect(await secrets.read('dc.home.onion-key')).toBeUndefined();
    expect(await secrets.read('dc.home2.onion-key')).toBe('x');
    expect(await secrets.read('backup-identity')).toBe('x');
    await expect(secrets.removeAll('../')).rejects.toThrow(/Bad secret prefix/);
  });
});
