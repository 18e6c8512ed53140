import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BcmError } from '../../shared/errors';

/**
 * One lock on ~/.bcm across processes: the app, the browser host and the `bcm` CLI. Each change,
 * backup snapshot and restore swap holds it for its duration (not a process for its lifetime, so a
 * cron backup still runs while the app is open). The lock is a file beside the store (a restore
 * swaps the store folder itself), made with O_EXCL, naming its holder; a holder that died is taken
 * over. A second process waits a bounded time, then says who holds it.
 */
export interface LockHolder {
  pid: number;
  command: string;
  since: string;
}

export const lockPath = (home: string): string => `${home}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function holderOf(file: string): Promise<LockHolder | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, command: String(parsed.command ?? '?'), since: String(parsed.since ?? '?') } : null;
  } catch {
    return null;
  }
}

export async function withStoreLock<T>(home: string, work: () => Promise<T>, options: { waitMs?: number; command?: string } = {}): Promise<T> {
  const file = lockPath(home);
  const waitMs = options.waitMs ?? 30_000;
  const until = Date.now() + waitMs;
  const me: LockHolder = { pid: process.pid, command: options.command ?? process.argv.slice(1, 3).join(' '), since: new Date().toISOString() };
  for (;;) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      break;
    } catch (err) {
      // the store's parent folder may not exist yet (a first start at a new BCM_HOME)
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        await mkdir(dirname(file), { recursive: true, mode: 0o700 });
        continue;
      }
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = await holderOf(file);
      // a holder that died (or a file half-written by one) is taken over
      if (holder === null || !alive(holder.pid)) {
        await rm(file, { force: true });
        continue;
      }
      if (Date.now() >= until) {
        throw new BcmError(
          'CONFLICT',
          `~/.bcm is being changed by another BCM process (${holder.command}, pid ${holder.pid}, since ${holder.since}). Wait for it to finish and try again.`,
          { holder },
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await work();
  } finally {
    await rm(file, { force: true });
  }
}
