import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { BcmError } from '../../shared/errors';

/**
 * Checks, before a backup starts, that archives can be written to `folder`: an absolute path (a
 * relative one would land in whatever folder the app was started from), a directory that exists or
 * can be made, and writable in fact (a probe file is written and removed: permissions alone do not
 * tell of a read-only mount). Returns the normalised folder.
 */
export async function checkBackupFolder(folder: string): Promise<string> {
  const trimmed = folder.trim();
  const fail = (why: string): never => {
    throw new BcmError('VALIDATION', `Backups cannot be written to ${trimmed}: ${why}. Choose a folder you can write to, e.g. /home/you/bcm-backups.`, {
      issues: [{ path: ['folder'], message: why }],
    });
  };
  if (!isAbsolute(trimmed)) fail('the folder must be an absolute path (starting with /)');
  const dir = normalize(trimmed).replace(/(.)\/+$/, '$1');
  try {
    await makeFolder(dir, 0o700);
  } catch (err) {
    fail(`it cannot be created (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) fail('it is not a folder');
  const probe = join(dir, `.bcm-write-test-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(probe, '', { mode: 0o600 });
  } catch (err) {
    fail(`it is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  } finally {
    await rm(probe, { force: true });
  }
  return dir;
}

/**
 * `mkdir -p`, one level at a time. Node's own `mkdir(…, { recursive: true })` never returns for a
 * path under /proc (ENOENT for the child, the parent exists, and it tries again without end): that
 * is how a backup to "/proc/nope; rm -rf ~" stayed at its first step forever.
 */
export async function makeFolder(dir: string, mode = 0o700): Promise<void> {
  const st = await stat(dir).catch(() => undefined);
  if (st?.isDirectory()) return;
  if (st) throw Object.assign(new Error(`${dir} is not a folder`), { code: 'ENOTDIR' });
  const parent = dirname(dir);
  if (parent !== dir) await makeFolder(parent, mode);
  try {
    await mkdir(dir, { mode });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
