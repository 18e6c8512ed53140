import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encryptStream } from '../../../src/main/backup/age';
import { createBackup } from '../../../src/main/backup/create';
import { inspectArchive, restoreArchive } from '../../../src/main/backup/restore';
import type { BcmStore } from '../../../src/main/store/bcm-store';
import { BACKUP_FORMAT } from '../../../src/shared/channels/store';
import { BcmError } from '../../../src/shared/errors';
import { cleanup, PASSPHRASE, populatedStore, snapshot, tempDir, TEST_LOG_N } from './helpers';

const noChannels = { backups: [], notes: [] };

async function failure(p: Promise<unknown>): Promise<BcmError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BcmError);
  return err as BcmError;
}

/** An archive with whatever tar entries a test wants, encrypted as BCM would. */
async function craftArchive(path: string, entries: { name: string; body: string }[]): Promise<void> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name, mode: 0o600 }, e.body);
  pack.finalize();
  const enc = await encryptStream(Readable.from(pack as AsyncIterable<Buffer>), PASSPHRASE, TEST_LOG_N);
  await writeFile(path, enc);
}

describe('bad input to backup and restore: clear messages, nothing lost', () => {
  let base: string;
  let store: BcmStore;
  let folder: string;
  let archive: string;
  let before: Record<string, string>;
  beforeEach(async () => {
    base = await tempDir('bcm-bk-bad-');
    store = await populatedStore(join(base, '.bcm'));
    folder = join(base, 'backups');
    archive = (await createBackup({ store, folder, passphrase: PASSPHRASE, appVersion: '0.1.0', channels: noChannels, logN: TEST_LOG_N })).path;
    before = await snapshot(store.root);
  });
  afterEach(async () => cleanup(base));

  async function expectUntouched(): Promise<void> {
    expect(await snapshot(store.root)).toEqual(before);
    // no staging folder or kept-aside copy was left beside the store
    expect((await readdir(base)).sort()).toEqual(['.bcm', 'backups']);
  }

  it('a wrong passphrase is refused before anything is read', async () => {
    const err = await failure(restoreArchive({ path: archive, passphrase: 'not the passphrase', store }));
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toMatch(/passphrase does not open/);
    expect((await failure(inspectArchive(archive, 'nope'))).code).toBe('AUTH_FAILED');
    await expectUntouched();
  });

  it('a flipped byte in the payload fails the integrity check', async () => {
    const bytes = await readFile(archive);
    bytes[Math.floor(bytes.length * 0.6)]! ^= 0x01;
    const tampered = join(folder, 'tampered.age');
    await writeFile(tampered, bytes);
    const err = await failure(restoreArchive({ path: tampered, passphrase: PASSPHRASE, store }));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toMatch(/integrity check|altered/);
    await expectUntouched();
  });

  it('a flipped byte in the header is refused', async () => {
    const bytes = await readFile(archive);
    bytes[40]! ^= 0x01; // inside the scrypt stanza line
    const tampered = join(folder, 'header.age');
    await writeFile(tampered, bytes);
    const err = await failure(restoreArchive({ path: tampered, passphrase: PASSPHRASE, store }));
    expect(['VALIDATION', 'AUTH_FAILED']).toContain(err.code);
    await expectUntouched();
  });

  it('a truncated archive is refused', async () => {
    const bytes = await readFile(archive);
    const cut = join(folder, 'cut.age');
    await writeFile(cut, bytes.subarray(0, bytes.length - 100));
    const err = await failure(restoreArchive({ path: cut, passphrase: PASSPHRASE, store }));
    expect(err.code).toBe('VALIDATION');
    await expectUntouched();
  });

  it('an archive from a newer BCM says to update', async () => {
    const newer = join(folder, 'newer.age');
    await craftArchive(newer, [{ name: 'bcm-backup/manifest.json', body: JSON.stringify({ format: BACKUP_FORMAT, formatVersion: 2, app: { version: '9.0.0' } }) }]);
    const err = await failure(inspectArchive(newer, PASSPHRASE));
    expect(err.message).toMatch(/made by BCM 9\.0\.0 in backup format 2.*Update BCM/);
    expect((await failure(restoreArchive({ path: newer, passphrase: PASSPHRASE, store }))).message).toMatch(/Update BCM/);
    await expectUntouched();
  });

  it('a member that does not match its manifest hash is refused (re-encrypted by someone with the passphrase)', async () => {
    const { manifest } = await inspectArchive(archive, PASSPHRASE);
    const forged = join(folder, 'forged.age');
    const member = manifest.members.find((m) => m.path.endsWith('endpoints/local.json'))!;
    await craftArchive(forged, [
      { name: 'bcm-backup/manifest.json', body: JSON.stringify({ ...manifest, members: [member] }) },
      { name: member.path, body: 'x'.repeat(member.size) },
    ]);
    const err = await failure(restoreArchive({ path: forged, passphrase: PASSPHRASE, store }));
    expect(err.message).toMatch(/did not verify.*SHA-256/);
    await expectUntouched();
  });

  it('a member path that climbs out of the store is refused', async () => {
    const { manifest } = await inspectArchive(archive, PASSPHRASE);
    const evil = join(folder, 'evil.age');
    await craftArchive(evil, [
      { name: 'bcm-backup/manifest.json', body: JSON.stringify({ ...manifest, members: [] }) },
      { name: 'bcm-backup/../../escape.txt', body: 'x' },
    ]);
    const err = await failure(restoreArchive({ path: evil, passphrase: PASSPHRASE, store }));
    expect(err.message).toMatch(/unsafe path/);
    await expectUntouched();
  });

  it('a file that is not an archive, or not there, is reported as such', async () => {
    const plain = join(folder, 'notes.age');
    await writeFile(plain, 'just some text\n');
    expect((await failure(inspectArchive(plain, PASSPHRASE))).message).toMatch(/not a readable age archive/);
    expect((await failure(inspectArchive(join(folder, 'missing.age'), PASSPHRASE))).code).toBe('NOT_FOUND');
    await expectUntouched();
  });

  it('a write failure mid-backup (disk full) leaves no archive and no partial file', async () => {
    let writes = 0;
    const err = await failure(
      createBackup({
        store, folder, passphrase: PASSPHRASE, appVersion: '0.1.0', channels: noChannels, logN: TEST_LOG_N,
        // injected: the third write fails with ENOSPC, as a full disk would
        wrapOutput: (out) =>
          new Writable({
            write(chunk, enc, done) {
              if (++writes === 3) done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
              else out.write(chunk, enc, done);
            },
            final(done) {
              out.end(done);
            },
          }),
      }),
    );
    expect(err.code).toBe('STORE_ERROR');
    expect(err.message).toMatch(/disk that holds .* is full.*No partial archive/);
    expect(await readdir(folder)).toEqual([archive.split('/').pop()]);
  });

  it('a cancelled backup leaves nothing behind', async () => {
    const controller = new AbortController();
    await writeFile(join(store.root, 'runtime-big.bin'), Buffer.alloc(8 * 1024 * 1024, 7));
    const promise = createBackup({
      store, folder, passphrase: PASSPHRASE, appVersion: '0.1.0', channels: noChannels, logN: TEST_LOG_N, signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'writing' && p.done > 1024 * 1024) controller.abort();
      },
    });
    expect((await failure(promise)).code).toBe('CANCELLED');
    expect(await readdir(folder)).toEqual([archive.split('/').pop()]);
  });

  it('refuses a backup folder inside ~/.bcm', async () => {
    const err = await failure(createBackup({ store, folder: join(store.root, 'backups'), passphrase: PASSPHRASE, appVersion: '0', channels: noChannels }));
    expect(err.message).toMatch(/inside ~\/\.bcm/);
    await expect(stat(join(store.root, 'backups'))).rejects.toThrow();
  });

  it('pipes through Node streams without holding the archive (sanity: the archive is bigger than a chunk)', async () => {
    await writeFile(join(store.root, 'runtime-big.bin'), Buffer.alloc(300 * 1024, 1));
    const result = await createBackup({ store, folder, passphrase: PASSPHRASE, appVersion: '0', channels: noChannels, logN: TEST_LOG_N });
    expect(result.size).toBeGreaterThan(300 * 1024);
    const sink = new Writable({ write: (_c, _e, done) => done() });
    const restored = await restoreArchive({ path: result.path, passphrase: PASSPHRASE, store });
    expect(restored.files.some((f) => f.path === 'runtime-big.bin')).toBe(true);
    await pipeline(Readable.from([]), sink);
  });
});
