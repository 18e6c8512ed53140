import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { access, open, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupResult, type Manifest, type ManifestMember } from '../../shared/channels/store';
import { BcmError } from '../../shared/errors';
import type { BcmStore } from '../store/bcm-store';
import { DEFAULT_LOG_N, encryptStream, type EncryptTo } from './age';
import type { ChannelSweep } from './channels';
import { hashFile, walkStore, type StoreEntry } from './collect';
import { channelMemberPath, MANIFEST_ENTRY, ROOT, STORE_PREFIX } from './manifest';
import { archiveName, isInside, partialName } from './naming';
import { cancelledMessage, type ProgressSink } from './progress';
import { packReadable, writeEntry } from './tar-io';
import { makeFolder } from './folder';

export interface CreateBackupOptions {
  store: BcmStore;
  folder: string;
  /** a passphrase (one-click backups) … */
  passphrase?: string;
  /** … or where to encrypt to (scheduled backups: an age recipient) */
  to?: EncryptTo;
  appVersion: string;
  /** the channel backups, pulled before the store is locked (LXD may be slow) */
  channels: ChannelSweep;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  /** scrypt work factor (tests lower it; archives BCM writes use age's default 18) */
  logN?: number;
  now?: () => Date;
  /** tests: wraps the archive's file stream (to inject a write failure) */
  wrapOutput?: (out: Writable) => Writable;
}

function writeError(err: unknown, folder: string): BcmError {
  if (err instanceof BcmError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new BcmError('STORE_ERROR', `The disk that holds ${folder} is full. Free some space or choose another folder, then back up again. No partial archive was left behind.`, { folder, errno: code });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new BcmError('PERMISSION_DENIED', `BCM cannot write to ${folder} (${code}). Choose a folder you can write to.`, { folder, errno: code });
  }
  return new BcmError('STORE_ERROR', `Writing the backup to ${folder} failed: ${(err as Error).message}. No partial archive was left behind.`, { folder });
}

async function freeName(folder: string, now: Date): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const name = archiveName(hostname(), now, attempt);
    const taken = await access(join(folder, name)).then(
      () => true,
      () => false,
    );
    if (!taken) return name;
  }
  throw new BcmError('CONFLICT', `Too many backups with the same time in ${folder}.`);
}

function header(name: string, entry: { size: number; mode: number; mtime: Date }, type: 'file' | 'directory') {
  return { name, size: type === 'file' ? entry.size : 0, mode: entry.mode, mtime: entry.mtime, type, uid: 0, gid: 0, uname: '', gname: '' };
}

/**
 * One archive: the manifest, ~/.bcm, and the channel backups, as a tar encrypted with age,
 * streamed to `<folder>/.<name>.partial` and renamed to `<name>` only once complete and synced.
 * The store is held still (no app change can interleave) while it is read.
 */
export async function createBackup(options: CreateBackupOptions): Promise<BackupResult> {
  const started = Date.now();
  const { store, signal } = options;
  const progress: ProgressSink = options.onProgress ?? (() => undefined);
  const folder = resolve(options.folder);
  if (isInside(folder, resolve(store.root))) {
    throw new BcmError('VALIDATION', `The backup folder ${folder} is inside ~/.bcm; choose a folder outside it (an archive cannot contain itself).`, { field: 'folder' });
  }
  const cancelled = () => new BcmError('CANCELLED', cancelledMessage('backup'));
  const to: EncryptTo | undefined = options.to ?? (options.passphrase !== undefined ? { passphrase: options.passphrase, logN: options.logN ?? DEFAULT_LOG_N } : undefined);
  if (!to) throw new BcmError('VALIDATION', 'A backup needs a passphrase or a backup key to encrypt to.');
  await makeFolder(folder, 0o700).catch((err: unknown) => {
    throw writeError(err, folder);
  });

  return store.exclusive(async () => {
    await store.commitPending('Record changes made outside BCM (before a backup)');
    const storeHead = await store.history.head();
    const { entries, skipped } = await walkStore(store.root);
    const files = entries.filter((e) => e.type === 'file');
    const total = files.reduce((n, f) => n + f.size, 0) + options.channels.backups.reduce((n, c) => n + c.data.length, 0);

    // pass 1: hash every member, so the manifest can go first in the archive
    const members: ManifestMember[] = [];
    const hashes = new Map<string, string>();
    let hashed = 0;
    for (const f of files) {
      if (signal?.aborted) throw cancelled();
      progress({ phase: 'preparing', done: hashed, total, member: f.rel });
      const sha256 = await hashFile(f.abs, signal);
      hashes.set(f.rel, sha256);
      hashed += f.size;
      members.push({ path: `${STORE_PREFIX}${f.rel}`, kind: 'store', size: f.size, mode: f.mode, sha256 });
    }
    const channelBackups = options.channels.backups.map((c) => {
      const path = channelMemberPath(c.datacenter, c.node, c.network, c.sourcePath);
      members.push({ path, kind: 'channel-backup', size: c.data.length, mode: 0o600, sha256: c.sha256 });
      const { data: _data, ...rest } = c;
      return { ...rest, path, size: c.data.length };
    });
    const now = options.now?.() ?? new Date();
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: now.toISOString(),
      app: { name: 'bcm', version: options.appVersion },
      host: hostname(),
      source: store.root,
      storeHead,
      members,
      channelBackups: channelBackups.map(({ datacenter, endpoint, project, node, implementation, network, sourcePath, path, sha256, size }) => ({
        datacenter, endpoint, project, node, implementation, network, sourcePath, path, sha256, size,
      })),
      notes: [...options.channels.notes, ...skipped.map((s) => `${s} was skipped: only files and folders are backed up.`)],
    };

    // pass 2: stream the tar through age into the partial file
    const name = await freeName(folder, now);
    const finalPath = join(folder, name);
    const partialPath = join(folder, partialName(name));
    const pack = tar.pack();
    let written = 0;
    const feed = async (): Promise<void> => {
      const dirEntry = { size: 0, mode: 0o700, mtime: now };
      pack.entry(header(`${ROOT}/`, dirEntry, 'directory'));
      pack.entry(header(MANIFEST_ENTRY, { ...dirEntry, mode: 0o600 }, 'file'), JSON.stringify(manifest, null, 2) + '\n');
      pack.entry(header(`${ROOT}/store/`, dirEntry, 'directory'));
      for (const e of entries as StoreEntry[]) {
        if (signal?.aborted) throw cancelled();
        const entryName = `${STORE_PREFIX}${e.rel}${e.type === 'directory' ? '/' : ''}`;
        if (e.type === 'directory') {
          pack.entry(header(entryName, e, 'directory'));
          continue;
        }
        progress({ phase: 'writing', done: written, total, member: e.rel });
        const hash = createHash('sha256');
        const source: AsyncIterable<Buffer> = e.size === 0 ? Readable.from([]) : createReadStream(e.abs, { start: 0, end: e.size - 1 });
        await writeEntry(pack, header(entryName, e, 'file'), source, (chunk) => {
          hash.update(chunk);
          written += chunk.length;
          progress({ phase: 'writing', done: written, total, member: e.rel });
        });
        if (hash.digest('hex') !== hashes.get(e.rel)) {
          throw new BcmError('CONFLICT', `${e.rel} changed while it was being backed up (edited outside BCM?). Back up again.`);
        }
      }
      for (const c of options.channels.backups) {
        const path = channelMemberPath(c.datacenter, c.node, c.network, c.sourcePath);
        pack.entry(header(path, { size: c.data.length, mode: 0o600, mtime: now }, 'file'), c.data);
        written += c.data.length;
      }
      pack.finalize();
    };

    const onAbort = () => pack.destroy(cancelled());
    signal?.addEventListener('abort', onAbort, { once: true });
    let fileStream: WriteStream | undefined;
    try {
      const feeding = feed().catch((err: unknown) => {
        pack.destroy(err instanceof Error ? err : new Error(String(err)));
        throw err;
      });
      const encrypted = await encryptStream(packReadable(pack), to);
      // flush: fsync before close, so the rename below never publishes unsynced bytes
      fileStream = createWriteStream(partialPath, { flags: 'wx', mode: 0o600, flush: true });
      const out = options.wrapOutput ? options.wrapOutput(fileStream) : fileStream;
      await Promise.all([pipeline(encrypted, out), feeding]);
      const file = fileStream;
      if (!file.closed) await new Promise<void>((done, fail) => file.once('close', done).once('error', fail));
      await rename(partialPath, finalPath);
      const dir = await open(folder, 'r');
      await dir.sync().finally(() => dir.close());
      const { size } = await stat(finalPath);
      progress({ phase: 'done', done: total, total });
      return {
        path: finalPath,
        size,
        members: members.length,
        bytes: total,
        channelBackups: manifest.channelBackups,
        notes: manifest.notes,
        seconds: (Date.now() - started) / 1000,
      };
    } catch (err) {
      pack.destroy();
      fileStream?.destroy();
      await rm(partialPath, { force: true });
      if (signal?.aborted) throw cancelled();
      throw writeError(err, folder);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  });
}
