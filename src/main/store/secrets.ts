import { chmod, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BcmError } from '../../shared/errors';
import { writeFileAtomic } from './atomic';
import type { BcmLayout } from './paths';

const SECRET_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * ~/.bcm/secrets: private keys and tokens, files 0600 in a 0700 folder. Values never go to logs
 * or to the renderer; callers get them only to hand them to a client.
 */
export class SecretStore {
  constructor(private readonly dirs: BcmLayout) {}

  private path(name: string): string {
    if (!SECRET_NAME.test(name)) throw new BcmError('INTERNAL', `Bad secret name "${name}"`);
    return join(this.dirs.secrets, name);
  }

  private async ensureDir(): Promise<void> {
    await mkdir(this.dirs.secrets, { recursive: true, mode: 0o700 });
    await chmod(this.dirs.secrets, 0o700);
  }

  async read(name: string): Promise<string | undefined> {
    try {
      return await readFile(this.path(name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new BcmError('STORE_ERROR', `Cannot read the secret file ${this.path(name)}: ${(err as Error).message}`);
    }
  }

  async write(name: string, value: string): Promise<void> {
    await this.ensureDir();
    await writeFileAtomic(this.path(name), value, 0o600);
  }

  async remove(name: string): Promise<void> {
    await rm(this.path(name), { force: true });
  }

  /** Removes every secret whose name starts with `prefix` (a forgotten datacenter's `dc.<name>.`); returns their names. */
  async removeAll(prefix: string): Promise<string[]> {
    if (!SECRET_NAME.test(prefix)) throw new BcmError('INTERNAL', `Bad secret prefix "${prefix}"`);
    const names = await readdir(this.dirs.secrets).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw new BcmError('STORE_ERROR', `Cannot list ${this.dirs.secrets}: ${err.message}`);
    });
    const doomed = names.filter((n) => n.startsWith(prefix) && SECRET_NAME.test(n));
    for (const n of doomed) await rm(this.path(n), { force: true });
    return doomed;
  }
}
