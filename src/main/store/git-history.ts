import * as fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import git, { TREE, type StatusRow } from 'isomorphic-git';
import { writeFileAtomic } from './atomic';

/**
 * ~/.bcm as a git repository (isomorphic-git: no git installation needed). Every change the app
 * makes is one commit with a readable message. What never enters the history is listed in
 * GITIGNORE: secrets (the encrypted backup carries them), local state and recovery material.
 */

export const GITIGNORE = `# Written by BCM. Secrets never enter the history: private keys and tokens stay only in
# secrets/ (0600) and in the encrypted backup archive. state/ is this machine's bookkeeping
# (last backup time), recovery/ holds restored channel backups waiting to be used.
/secrets/
/state/
/recovery/
*.tmp
*.partial
`;

const AUTHOR = { name: 'BCM', email: 'bcm@localhost' };

/** Larger files are backed up but not versioned (configs and specs are a few KiB). */
export const MAX_TRACKED_BYTES = 8 * 1024 * 1024;

function fileSize(path: string): Promise<number> {
  return fs.promises.stat(path).then(
    (st) => st.size,
    () => 0,
  );
}

export type ChangeKind = 'added' | 'modified' | 'deleted';
export interface FileChange {
  path: string;
  change: ChangeKind;
}
export interface HistoryCommit {
  oid: string;
  message: string;
  /** seconds since the epoch */
  time: number;
  author: string;
  parent: string | null;
  files: FileChange[];
}

function rowChange([, head, workdir]: StatusRow): ChangeKind | null {
  if (head === 1 && workdir === 1) return null;
  if (head === 0 && workdir === 0) return null;
  if (workdir === 0) return 'deleted';
  return head === 0 ? 'added' : 'modified';
}

export class StoreHistory {
  private readonly changesCache = new Map<string, FileChange[]>();

  constructor(readonly root: string) {}

  private get base() {
    return { fs, dir: this.root };
  }

  async isRepo(): Promise<boolean> {
    return fs.promises.access(join(this.root, '.git', 'HEAD')).then(
      () => true,
      () => false,
    );
  }

  /** Makes ~/.bcm a repository if it is not one, and keeps the ignore list current. */
  async ensure(): Promise<void> {
    if (!(await this.isRepo())) await git.init({ ...this.base, defaultBranch: 'main' });
    const ignore = join(this.root, '.gitignore');
    const current = await readFile(ignore, 'utf8').catch(() => '');
    if (current !== GITIGNORE) await writeFileAtomic(ignore, GITIGNORE);
  }

  async head(): Promise<string | null> {
    try {
      return await git.resolveRef({ ...this.base, ref: 'HEAD' });
    } catch {
      return null;
    }
  }

  /**
   * Files that differ from the last commit (edited by hand, or by code that did not commit).
   * Files over MAX_TRACKED_BYTES stay out of the history (isomorphic-git hashes and deflates a
   * file in memory); they are still in every backup archive.
   */
  async pending(): Promise<FileChange[]> {
    const matrix = await git.statusMatrix(this.base);
    const out: FileChange[] = [];
    for (const row of matrix) {
      const change = rowChange(row);
      if (!change) continue;
      if (change !== 'deleted' && (await fileSize(join(this.root, row[0]))) > MAX_TRACKED_BYTES) continue;
      out.push({ path: row[0], change });
    }
    return out;
  }

  /** Stages everything and commits it; returns the new commit, or null when nothing changed. */
  async commitAll(message: string): Promise<string | null> {
    const changes = await this.pending();
    if (changes.length === 0) return null;
    for (const { path, change } of changes) {
      if (change === 'deleted') await git.remove({ ...this.base, filepath: path });
      else await git.add({ ...this.base, filepath: path });
    }
    return git.commit({ ...this.base, message, author: AUTHOR });
  }

  async log(limit = 100): Promise<HistoryCommit[]> {
    if ((await this.head()) === null) return [];
    const entries = await git.log({ ...this.base, depth: limit });
    return Promise.all(
      entries.map(async (e) => ({
        oid: e.oid,
        message: e.commit.message.trim(),
        time: e.commit.committer.timestamp,
        author: e.commit.author.name,
        parent: e.commit.parent[0] ?? null,
        files: await this.changes(e.oid, e.commit.parent[0] ?? null),
      })),
    );
  }

  /** What a commit changed against its first parent. */
  async changes(oid: string, parent: string | null): Promise<FileChange[]> {
    const cached = this.changesCache.get(oid);
    if (cached) return cached;
    const out: FileChange[] = [];
    if (parent === null) {
      for (const path of await git.listFiles({ ...this.base, ref: oid })) out.push({ path, change: 'added' });
    } else {
      await git.walk({
        ...this.base,
        trees: [TREE({ ref: parent }), TREE({ ref: oid })],
        map: async (path, [before, after]) => {
          if (path === '.') return true;
          const [oidA, oidB] = await Promise.all([before?.oid(), after?.oid()]);
          if (oidA === oidB) return null; // same subtree or blob: nothing below changed
          const [typeA, typeB] = await Promise.all([before?.type(), after?.type()]);
          if (typeA === 'tree' || typeB === 'tree') return true;
          out.push({ path, change: !before ? 'added' : !after ? 'deleted' : 'modified' });
          return true;
        },
      });
    }
    out.sort((a, b) => a.path.localeCompare(b.path));
    this.changesCache.set(oid, out);
    return out;
  }

  /** A file's bytes as of a commit, or undefined when it did not exist then. */
  async readAt(oid: string, path: string): Promise<Uint8Array | undefined> {
    try {
      return (await git.readBlob({ ...this.base, oid, filepath: path })).blob;
    } catch (err) {
      if ((err as { code?: string }).code === 'NotFoundError') return undefined;
      throw err;
    }
  }

  /** Whether the store's ignore rules keep this path out of the history. */
  async isIgnored(path: string): Promise<boolean> {
    return git.isIgnored({ ...this.base, filepath: path });
  }

  /** Every tracked path as of a commit (HEAD when oid is omitted). */
  async filesAt(oid?: string): Promise<string[]> {
    if (oid === undefined && (await this.head()) === null) return [];
    return git.listFiles({ ...this.base, ...(oid ? { ref: oid } : {}) });
  }

  /** One commit, or undefined when there is none with this id. */
  async commit(oid: string): Promise<HistoryCommit | undefined> {
    let read: Awaited<ReturnType<typeof git.readCommit>>;
    try {
      read = await git.readCommit({ ...this.base, oid });
    } catch {
      return undefined;
    }
    const parent = read.commit.parent[0] ?? null;
    return {
      oid: read.oid,
      message: read.commit.message.trim(),
      time: read.commit.committer.timestamp,
      author: read.commit.author.name,
      parent,
      files: await this.changes(read.oid, parent),
    };
  }
}
