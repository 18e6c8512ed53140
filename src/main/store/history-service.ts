import { rm } from 'node:fs/promises';
import { isNeverInHistory } from '../../shared/channels/store';
import { BcmError } from '../../shared/errors';
import { writeFileAtomic } from './atomic';
import type { BcmStore } from './bcm-store';
import type { FileChange, HistoryCommit } from './git-history';

function subject(message: string): string {
  const first = message.split('\n')[0] ?? '';
  return first.length > 72 ? `${first.slice(0, 71)}…` : first;
}

function looksBinary(data: Uint8Array): boolean {
  return data.subarray(0, 8000).includes(0);
}

/**
 * The history of ~/.bcm for the UI: the commits, one file as of a commit, and restoring one file
 * or the whole store to an earlier commit. The current state is committed first, so a restore
 * never loses anything; the restore itself is one more commit. Secrets are not in the history
 * (see GITIGNORE) and are never touched by these restores.
 */
export class HistoryService {
  constructor(
    private readonly store: BcmStore,
    private readonly afterRestore: () => Promise<void> | void = () => undefined,
  ) {}

  async list(limit: number): Promise<{ commits: HistoryCommit[]; pending: FileChange[]; root: string }> {
    const [commits, pending] = await Promise.all([this.store.history.log(limit), this.store.history.pending()]);
    return { commits, pending, root: this.store.root };
  }

  private async commitOf(oid: string): Promise<HistoryCommit> {
    const commit = await this.store.history.commit(oid);
    if (!commit) throw new BcmError('NOT_FOUND', `There is no commit ${oid.slice(0, 8)} in the history of ${this.store.root}.`);
    return commit;
  }

  async fileAt(oid: string, path: string): Promise<{ exists: boolean; text: string; binary: boolean }> {
    await this.commitOf(oid);
    const data = await this.store.history.readAt(oid, path);
    if (data === undefined) return { exists: false, text: '', binary: false };
    const binary = looksBinary(data);
    return { exists: true, binary, text: binary ? '' : Buffer.from(data).toString('utf8') };
  }

  async restoreFile(oid: string, path: string): Promise<{ commit: string | null; message: string }> {
    const commit = await this.commitOf(oid);
    const abs = this.store.resolve(path);
    // Ignored paths (secrets, state, recovery) are never in the history: "restoring" one could only
    // delete it (the LXD client key, onion keys). Refused against the store's real ignore rules.
    if (isNeverInHistory(path) || (await this.store.history.isIgnored(path))) {
      throw new BcmError('VALIDATION', `${path} is never kept in the history of ~/.bcm (secrets, this machine's state and recovery material stay out), so it cannot be restored from it. Restore a backup archive to bring it back.`);
    }
    const result = await this.store.exclusive(async () => {
      await this.store.commitPending(`Record changes made outside BCM (before restoring ${path})`);
      const data = await this.store.history.readAt(oid, path);
      const short = oid.slice(0, 8);
      let message: string;
      if (data === undefined) {
        // only a file the history holds now is removed; anything else is not the history's to delete
        if (!(await this.store.history.filesAt()).includes(path)) {
          throw new BcmError('NOT_FOUND', `${path} did not exist at ${short} and is not in the history now: there is nothing to restore.`);
        }
        await rm(abs, { force: true });
        message = `Remove ${path}: restore it to ${short} ("${subject(commit.message)}"), when it did not exist`;
      } else {
        await writeFileAtomic(abs, data);
        message = `Restore ${path} to its version of ${short} ("${subject(commit.message)}")`;
      }
      return { commit: await this.store.history.commitAll(message), message };
    });
    await this.afterRestore();
    this.store.emit({ reason: 'history-restore', message: result.message, commit: result.commit });
    return result;
  }

  async restoreAll(oid: string): Promise<{ commit: string | null; message: string; files: FileChange[] }> {
    const commit = await this.commitOf(oid);
    const result = await this.store.exclusive(async () => {
      await this.store.commitPending('Record changes made outside BCM (before restoring the store)');
      const [target, current] = await Promise.all([this.store.history.filesAt(oid), this.store.history.filesAt()]);
      const keep = new Set(target);
      for (const path of current) if (!keep.has(path)) await rm(this.store.resolve(path), { force: true });
      for (const path of target) {
        const data = await this.store.history.readAt(oid, path);
        if (data !== undefined) await writeFileAtomic(this.store.resolve(path), data);
      }
      await this.store.history.ensure(); // the ignore list is always today's (secrets stay out)
      const files = await this.store.history.pending();
      const message = `Restore the store to ${oid.slice(0, 8)} ("${subject(commit.message)}")`;
      return { commit: await this.store.history.commitAll(message), message, files };
    });
    await this.afterRestore();
    this.store.emit({ reason: 'history-restore', message: result.message, commit: result.commit });
    return result;
  }
}
