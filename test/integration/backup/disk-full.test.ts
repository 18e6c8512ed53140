import { execFileSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../../src/main/backup/create';
import { BcmError } from '../../../src/shared/errors';
import { cleanup, PASSPHRASE, populatedStore, tempDir, TEST_LOG_N } from '../../unit/backup/helpers';

// A real full disk: a 1 MiB tmpfs as the backup folder (needs root, as `npm test` runs). Where
// mounting is not allowed the test says so and is skipped; the unit tier injects ENOSPC instead.
let base = '';
let mounted = false;
let why = '';

describe('a disk that fills up mid-backup', () => {
  beforeAll(async () => {
    base = await tempDir('bcm-bk-full-');
    await mkdir(join(base, 'small'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'bcmt-bk-tmpfs', join(base, 'small')], { stdio: 'pipe' });
      mounted = true;
    } catch (err) {
      why = (err as Error).message.split('\n')[0] ?? 'mount failed';
    }
  });

  afterAll(async () => {
    if (mounted) execFileSync('umount', [join(base, 'small')]);
    await cleanup(base);
  });

  it('reports the full disk and leaves no partial archive (1 MiB tmpfs, 3 MiB store)', async (ctx) => {
    if (!mounted) ctx.skip(`cannot mount a tmpfs here (${why}); the unit test injects ENOSPC instead`);
    const store = await populatedStore(join(base, '.bcm'));
    await writeFile(join(store.root, 'runtime-big.bin'), Buffer.alloc(3 * 1024 * 1024, 9));
    const err = await createBackup({ store, folder: join(base, 'small'), passphrase: PASSPHRASE, appVersion: '0', channels: { backups: [], notes: [] }, logN: TEST_LOG_N }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BcmError);
    expect((err as BcmError).code).toBe('STORE_ERROR');
    expect((err as BcmError).message).toMatch(/is full.*No partial archive was left behind/);
    expect(await readdir(join(base, 'small'))).toEqual([]);
  });
});
