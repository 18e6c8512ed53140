import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Manifest, RestoreReport } from '../../shared/channels/store';
import { BcmError } from '../../shared/errors';
import type { BcmStore } from '../store/bcm-store';
import { decryptStream, payloadError, type DecryptWith } from './age';
import { HashingTap } from './collect';
import { isSafeMemberPath, MANIFEST_ENTRY, parseManifest, ROOT, verifyMembers, type ExtractedMember } from './manifest';
import { clearSwapJournal, writeSwapJournal } from '../store/swap-journal';
import { beforeRestoreName, stamp, stagingName } from './naming';
import { cancelledMessage, type ProgressSink } from './progress';
import { recoveryInstructions } from './recovery-notes';
import { extractEntries } from './tar-io';

const MAX_MANIFEST = 32 * 1024 * 1024;

async function openArchive(path: string, key: DecryptWith, onCipherBytes?: (n: number) => void): Promise<{ size: number; plain: Readable; what: string }> {
  const abs = resolve(path);
  const what = `The archive ${basename(abs)}`;
  const st = await stat(abs).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new BcmError('NOT_FOUND', `There is no file at ${abs}. Check the path, or pick an archive from the backup folder.`, { field: 'path' });
    if (err.code === 'EACCES') throw new BcmError('PERMISSION_DENIED', `BCM cannot read ${abs}.`, { field: 'path' });
    throw err;
  });
  if (!st.isFile()) throw new BcmError('VALIDATION', `${abs} is not a file. Pick a BCM backup archive (*.age).`, { field: 'path' });
  const cipher = createReadStream(abs);
  if (onCipherBytes) cipher.on('data', (chunk) => onCipherBytes(chunk.length));
  return { size: st.size, plain: await decryptStream(cipher, key, what), what };
}

async function readText(stream: AsyncIterable<Buffer>, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_MANIFEST) throw new BcmError('VALIDATION', `${what} has an oversized manifest: it was not made by BCM.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function streamError(err: unknown, what: string, signal?: AbortSignal): BcmError {
  if (signal?.aborted) return new BcmError('CANCELLED', cancelledMessage('restore'));
  if (err instanceof BcmError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/tar|header|size mismatch|unexpected end/i.test(message)) {
    return new BcmError('VALIDATION', `${what} does not contain a readable BCM archive (${message}). Nothing was changed.`);
  }
  return payloadError(err, what);
}

/** Opens an archive far enough to read its manifest (the first member). */
export async function inspectArchive(path: string, key: string | DecryptWith): Promise<{ manifest: Manifest; size: number }> {
  const { size, plain, what } = await openArchive(path, typeof key === 'string' ? { passphrase: key } : key);
  try {
    for await (const entry of extractEntries(plain)) {
      if (entry.header.name !== MANIFEST_ENTRY) {
        // the first member must be the manifest; a directory entry for the root may precede it
        if (entry.header.type === 'directory' && entry.header.name === `${ROOT}/`) continue;
        throw new BcmError('VALIDATION', `${what} does not start with a BCM manifest: it was not made by BCM. Nothing was changed.`);
      }
      return { manifest: parseManifest(await readText(entry.body, what), what), size };
    }
    throw new BcmError('VALIDATION', `${what} is empty. Nothing was changed.`);
  } catch (err) {
    throw streamError(err, what);
  } finally {
    plain.destroy();
  }
}

export interface RestoreOptions {
  path: string;
  /** a passphrase … */
  passphrase?: string;
  /** … or what opens the archive (a passphrase, or an age identity) */
  key?: DecryptWith;
  store: BcmStore;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  now?: () => Date;
  /** runs with the store locked, just before the folders are swapped (drop cached clients) */
  beforeSwap?: () => Promise<void> | void;
}

/** A restored file's mode: 0700 if its owner could run it, else 0600; nothing else from the archive. */
export function maskedFileMode(archived: number | undefined): number {
  return (archived ?? 0) & 0o100 ? 0o700 : 0o600;
}

/** Extracts into a staging folder beside ~/.bcm, hashing every member as it lands. */
async function extractAll(plain: Readable, staging: string, what: string, signal: AbortSignal | undefined) {
  const extracted = new Map<string, ExtractedMember>();
  const dirs: { path: string; mode: number }[] = [];
  let manifest: Manifest | undefined;
  try {
    for await (const entry of extractEntries(plain)) {
      const { name, type } = entry.header;
      if (signal?.aborted) throw new BcmError('CANCELLED', cancelledMessage('restore'));
      if (!manifest) {
        if (type === 'directory' && name === `${ROOT}/`) continue;
        if (name !== MANIFEST_ENTRY) throw new BcmError('VALIDATION', `${what} does not start with a BCM manifest. Nothing was changed.`);
        manifest = parseManifest(await readText(entry.body, what), what);
        continue;
      }
      if (!isSafeMemberPath(name)) throw new BcmError('VALIDATION', `${what} contains an unsafe path (${name}): it was tampered with. Nothing was changed.`);
      const dest = join(staging, name.slice(ROOT.length + 1));
      if (type === 'directory') {
        await mkdir(dest, { recursive: true, mode: 0o700 });
        dirs.push({ path: dest, mode: 0o700 });
        continue;
      }
      if (type !== 'file') throw new BcmError('VALIDATION', `${what} contains a ${type ?? 'special'} entry (${name}); BCM archives hold only files and folders.`);
      await mkdir(dirname(dest), { recursive: true, mode: 0o700 });
      const tap = new HashingTap();
      // the archive's modes are not trusted: owner only, never setuid/setgid or others' access
      const mode = maskedFileMode(entry.header.mode);
      await pipeline(entry.body, tap, createWriteStream(dest, { flags: 'wx', mode }));
      await chmod(dest, mode);
      extracted.set(name, { path: name, size: tap.bytes, sha256: tap.digest() });
    }
  } catch (err) {
    plain.destroy();
    throw streamError(err, what, signal);
  }
  if (!manifest) throw new BcmError('VALIDATION', `${what} is empty. Nothing was changed.`);
  for (const d of dirs.reverse()) await chmod(d.path, d.mode);
  return { manifest, extracted };
}

async function nonEmpty(dir: string): Promise<boolean> {
  return readdir(dir).then(
    (names) => names.length > 0,
    () => false,
  );
}

/**
 * Restores an archive into ~/.bcm: decrypt and extract beside it, verify every member against
 * the manifest, and only then move the current store aside (never deleted) and put the restored
 * one in its place. Channel backups go to ~/.bcm/recovery/<time>/ with RECOVERY.txt.
 */
export async function restoreArchive(options: RestoreOptions): Promise<RestoreReport> {
  const { store, signal } = options;
  const progress: ProgressSink = options.onProgress ?? (() => undefined);
  const home = resolve(store.root);
  const now = options.now?.() ?? new Date();
  let read = 0;
  let total = 0;
  const key = options.key ?? (options.passphrase !== undefined ? { passphrase: options.passphrase } : undefined);
  if (!key) throw new BcmError('VALIDATION', 'A restore needs the passphrase or the identity that opens the archive.');
  const { size, plain, what } = await openArchive(options.path, key, (n) => {
    read += n;
    progress({ phase: 'decrypting', done: read, total });
  });
  total = size;
  const staging = `${stagingName(home, now)}-${randomBytes(3).toString('hex')}`;
  const onAbort = () => plain.destroy(new BcmError('CANCELLED', cancelledMessage('restore')));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await mkdir(dirname(staging), { recursive: true, mode: 0o700 });
    await mkdir(staging, { mode: 0o700 });
    const { manifest, extracted } = await extractAll(plain, staging, what, signal);
    progress({ phase: 'verifying', done: size, total: size });
    const problems = verifyMembers(manifest, extracted);
    if (problems.length > 0) {
      throw new BcmError(
        'VALIDATION',
        `${what} did not verify against its manifest: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}. Nothing was changed.`,
        { problems },
      );
    }
    if (signal?.aborted) throw new BcmError('CANCELLED', cancelledMessage('restore'));

    // Channel backups go into the restored store's recovery/ now, before anything is swapped: a
    // missing or misplaced member fails here, while ~/.bcm is untouched.
    const restoredStore = join(staging, 'store');
    await mkdir(restoredStore, { recursive: true, mode: 0o700 });
    const channelBackups = manifest.channelBackups.map((c) => ({ ...c, restoredPath: '' }));
    let recoveryFolder: string | null = null;
    if (channelBackups.length > 0) {
      const channelsDir = join(staging, 'channels');
      const channelsPrefix = `${ROOT}/channels/`;
      for (const c of channelBackups) {
        const rel = c.path.startsWith(channelsPrefix) ? c.path.slice(channelsPrefix.length) : '';
        if (rel === '' || !(await stat(join(channelsDir, rel)).then((st) => st.isFile(), () => false))) {
          throw new BcmError('VALIDATION', `${what} lists the channel backup ${c.path}, which it does not hold under channels/. Nothing was changed.`);
        }
      }
      const stagedRecovery = join(restoredStore, 'recovery', stamp(now));
      recoveryFolder = join(home, 'recovery', stamp(now));
      await mkdir(dirname(stagedRecovery), { recursive: true, mode: 0o700 });
      await rename(channelsDir, stagedRecovery);
      for (const c of channelBackups) c.restoredPath = join(recoveryFolder, c.path.slice(channelsPrefix.length));
    }
    const instructions = recoveryInstructions(channelBackups);
    if (recoveryFolder) await writeFile(join(restoredStore, 'recovery', stamp(now), 'RECOVERY.txt'), instructions.join('\n\n') + '\n', { mode: 0o600 });

    return await store.exclusive(async () => {
      progress({ phase: 'swapping', done: size, total: size });
      await options.beforeSwap?.();
      let keptAside: string | null = null;
      let uncommittedSaved: string[] = [];
      if (await nonEmpty(home)) {
        if (await store.history.isRepo()) {
          uncommittedSaved = (await store.commitPending('Record uncommitted changes before a restore')).files.map((f) => f.path);
        }
        keptAside = beforeRestoreName(home, now);
      }
      // written down first: a start after a crash between the two renames finishes or undoes the swap
      await writeSwapJournal({ home, staged: restoredStore, keptAside });
      try {
        if (keptAside) await rename(home, keptAside);
        else await rm(home, { recursive: true, force: true });
        await rename(restoredStore, home);
      } catch (err) {
        if (keptAside) await rename(keptAside, home).catch(() => undefined);
        await clearSwapJournal(home);
        throw new BcmError('STORE_ERROR', `The restored store could not be put in place (${(err as Error).message}); your ~/.bcm is unchanged.`);
      }
      await clearSwapJournal(home);
      await chmod(home, 0o700);

      progress({ phase: 'done', done: size, total: size });
      return {
        archive: resolve(options.path),
        restoredTo: home,
        keptAside,
        uncommittedSaved,
        verified: extracted.size,
        files: manifest.members.filter((m) => m.kind === 'store').map((m) => ({ path: m.path.slice(`${ROOT}/store/`.length), size: m.size, sha256: m.sha256 })),
        channelBackups,
        recoveryFolder,
        instructions,
        manifest,
      };
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await rm(staging, { recursive: true, force: true });
  }
}
