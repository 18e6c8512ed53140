import { chmod, mkdir, rm } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { BcmError } from '../../shared/errors';
import { writeFileAtomic } from './atomic';
import { StoreHistory, type FileChange } from './git-history';
import { layout, type BcmLayout } from './paths';
import { withStoreLock } from './store-lock';
import { recoverSwap } from './swap-journal';

/** What every writer to ~/.bcm goes through: a change, then one commit with this message. */
export interface StoreWriter {
  change<T>(message: string, apply: () => Promise<T>): Promise<T>;
}

export type StoreChangeReason = 'change' | 'history-restore' | 'restored';
export interface StoreChange {
  reason: StoreChangeReason;
  message: string;
  commit: string | null;
}

/**
 * The facade over ~/.bcm: changes are serialised (one at a time, in order) and each ends in a
 * commit with a readable message, e.g. "Add endpoint home-server (https 192.0.2.10:8443)".
 * Listeners hear about every change (the renderer reloads its lists on `store.changed`).
 */
export class BcmStore implements StoreWriter {
  readonly dirs: BcmLayout;
  readonly history: StoreHistory;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(change: StoreChange) => void>();

  constructor(readonly root: string) {
    this.dirs = layout(root);
    this.history = new StoreHistory(root);
  }

  /**
   * Creates ~/.bcm (0700) and its history if needed. Files changed while BCM was not running
   * (edited by hand, or by an older BCM) are committed first, so the history is never behind.
   */
  async open(): Promise<void> {
    await this.exclusive(async () => {
      // a restore interrupted between its two renames is finished or undone before anything else
      const recovered = await recoverSwap(this.root);
      if (recovered !== null) console.log(`[bcm] ${recovered}`);
      await mkdir(this.root, { recursive: true, mode: 0o700 });
      await chmod(this.root, 0o700);
      const fresh = !(await this.history.isRepo());
      await this.history.ensure();
      await this.history.commitAll(fresh ? 'Start the history of ~/.bcm' : 'Record changes made outside BCM');
    });
  }

  /** Runs one change after any other in flight, then commits what it changed. */
  change<T>(message: string, apply: () => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const result = await apply();
      const commit = await this.history.commitAll(message);
      if (commit !== null) this.emit({ reason: 'change', message, commit });
      return result;
    });
  }

  /**
   * Runs work with no other change in flight (backup snapshots, restores): in this process (a
   * queue) and across processes (the app, the browser host and the CLI share one lock file).
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const locked = (): Promise<T> => withStoreLock(this.root, work);
    const run = this.queue.then(locked, locked);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Commits whatever differs from the last commit (inside `exclusive`, or alone). */
  async commitPending(message: string): Promise<{ commit: string | null; files: FileChange[] }> {
    const files = await this.history.pending();
    const commit = files.length > 0 ? await this.history.commitAll(message) : null;
    return { commit, files };
  }

  /** ~/.bcm-relative path -> absolute, refusing anything that leaves the store or touches .git. */
  resolve(relPath: string): string {
    const clean = normalize(relPath);
    if (isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`) || clean === '.' || clean.split(sep)[0] === '.git') {
      throw new BcmError('VALIDATION', `"${relPath}" is not a path inside ~/.bcm that BCM may write.`);
    }
    return join(this.root, clean);
  }

  /** Writes a JSON document (e.g. datacenters/<name>.json) and commits it. */
  writeJson(relPath: string, value: unknown, message: string): Promise<void> {
    return this.change(message, () => writeFileAtomic(this.resolve(relPath), JSON.stringify(value, null, 2) + '\n'));
  }

  removeFile(relPath: string, message: string): Promise<void> {
    return this.change(message, () => rm(this.resolve(relPath), { force: true }));
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
