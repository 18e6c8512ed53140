import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { BcmError } from '../../shared/errors';
import { digestAlgorithm, digestLabel } from '../../shared/datacenter/digest';
import { HashingStream, pinDigestOfFile, sha256File } from './hash';
import { cacheFileName, defaultCacheDir, defaultPreseedDirs, describe, type ArtifactRef } from './resolve';

export interface EnsureOptions {
  /** default ~/.cache/bcm/artifacts */
  cacheDir?: string;
  /** folders searched by hash (any file name) before downloading; default defaultPreseedDirs() */
  preseedDirs?: string[];
  /** fraction 0..1 (NaN when the size is unknown) and bytes so far, at most every 100 ms and at the end */
  onProgress?: (fraction: number, bytes: number) => void;
  signal?: AbortSignal;
}

export interface CachedArtifact {
  name: string;
  version: string;
  sha256: string;
  /** the verified file in the cache */
  path: string;
  source: 'cache' | 'preseed' | 'download';
  bytes: number;
}

function cancelled(ref: ArtifactRef): BcmError {
  return new BcmError('CANCELLED', `Fetching ${describe(ref)} was cancelled; nothing was cached.`);
}

function mismatch(ref: ArtifactRef, where: string, expected: string, actual: string): BcmError {
  return new BcmError(
    'CHECKSUM_MISMATCH',
    `${describe(ref)} from ${where} has ${digestLabel(expected)} ${actual}, but the pinned ${digestLabel(expected)} is ${expected}. BCM refused it and cached nothing. ` +
      'Download it again (a broken or tampered transfer gives a different hash); if it keeps happening, check the pin against the project\'s signed checksums.',
    { artifact: ref.name, version: ref.version, expected, actual, source: where },
  );
}

/** Throws UNPINNED for an artifact without a pinned hash. */
export function requirePinned(ref: ArtifactRef): asserts ref is ArtifactRef & { sha256: string } {
  if (!ref.sha256) {
    throw new BcmError(
      'UNPINNED',
      `${describe(ref)} has no pinned SHA-256, so BCM refuses to install it (${ref.hashSource}). ` +
        'Supply a file you verified yourself: put it in a preseed folder and give its SHA-256 in the datacenter\'s artifacts.',
      { artifact: ref.name, version: ref.version },
    );
  }
}

function throttled(onProgress: EnsureOptions['onProgress'], total: number): { tick(bytes: number): void; done(bytes: number): void } {
  let last = 0;
  const fraction = (bytes: number): number => (total > 0 ? Math.min(1, bytes / total) : NaN);
  return {
    tick(bytes) {
      const now = Date.now();
      if (!onProgress || now - last < 100) return;
      last = now;
      onProgress(fraction(bytes), bytes);
    },
    done(bytes) {
      onProgress?.(total > 0 ? 1 : NaN, bytes);
    },
  };
}

function tempPath(cacheDir: string, fileName: string): string {
  return join(cacheDir, `.${fileName}.${randomBytes(4).toString('hex')}.part`);
}

/** Files in the preseed folders, the likeliest (name contains the artifact's name) first. */
export async function preseedCandidates(dirs: string[], ref: ArtifactRef): Promise<string[]> {
  const found: string[] = [];
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (name.startsWith('.') || name.endsWith('.json')) continue;
      const path = join(dir, name);
      const st = await stat(path).catch(() => null);
      if (st?.isFile()) found.push(path);
    }
  }
  const likely = (p: string): number => (p.split('/').pop()?.toLowerCase().includes(ref.name.toLowerCase()) ? 0 : 1);
  return found.sort((a, b) => likely(a) - likely(b));
}

/** Copies `source` into the cache as `target`, hashing on the way (the file could change under us). */
async function copyVerified(ref: ArtifactRef & { sha256: string }, source: string, cacheDir: string, target: string, opts: EnsureOptions): Promise<number> {
  const total = (await stat(source)).size;
  const progress = throttled(opts.onProgress, total);
  const tmp = tempPath(cacheDir, target.split('/').pop() ?? 'artifact');
  const hasher = new HashingStream((b) => progress.tick(b), digestAlgorithm(ref.sha256));
  try {
    await pipeline(createReadStream(source), hasher, createWriteStream(tmp, { mode: 0o644 }), opts.signal ? { signal: opts.signal } : {});
    const actual = hasher.digest();
    if (actual !== ref.sha256) throw mismatch(ref, source, ref.sha256, actual);
    await rename(tmp, target);
    progress.done(hasher.bytes);
    return hasher.bytes;
  } catch (err) {
    await rm(tmp, { force: true });
    if (opts.signal?.aborted) throw cancelled(ref);
    throw err;
  }
}

async function download(ref: ArtifactRef & { sha256: string; url: string }, cacheDir: string, target: string, opts: EnsureOptions): Promise<number> {
  const tmp = tempPath(cacheDir, target.split('/').pop() ?? 'artifact');
  try {
    const res = await fetch(ref.url, { redirect: 'follow', ...(opts.signal ? { signal: opts.signal } : {}) });
    if (!res.ok || !res.body) {
      throw new BcmError('UNREACHABLE', `Downloading ${describe(ref)} from ${ref.url} failed: HTTP ${res.status}. Check the connection, or put the file in a preseed folder.`, {
        url: ref.url,
        status: res.status,
      });
    }
    const total = Number(res.headers.get('content-length') ?? 0);
    const progress = throttled(opts.onProgress, total);
    const hasher = new HashingStream((b) => progress.tick(b), digestAlgorithm(ref.sha256));
    const body = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
    await pipeline(body, hasher, createWriteStream(tmp, { mode: 0o644 }), opts.signal ? { signal: opts.signal } : {});
    const actual = hasher.digest();
    if (actual !== ref.sha256) throw mismatch(ref, ref.url, ref.sha256, actual);
    await rename(tmp, target);
    progress.done(hasher.bytes);
    return hasher.bytes;
  } catch (err) {
    await rm(tmp, { force: true });
    if (opts.signal?.aborted) throw cancelled(ref);
    if (err instanceof BcmError) throw err;
    const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    throw new BcmError(
      'UNREACHABLE',
      `Downloading ${describe(ref)} from ${ref.url} failed (${cause}); nothing was cached. Check the connection and try again, or put the file in a preseed folder.`,
      { url: ref.url },
      { cause: err },
    );
  }
}

/**
 * A verified local copy of an artifact: the cached file if its digest is the pin (SHA-256, or SHA-512
 * where that is what the publisher gives); else a file with that digest from a preseed folder (any name), copied into the cache; else a download from the
 * release URL, streamed and hashed on the fly into a temp file that is renamed only when it matches.
 * Refuses an unpinned artifact (UNPINNED) and a file with another hash (CHECKSUM_MISMATCH).
 */
export async function ensureArtifact(ref: ArtifactRef, opts: EnsureOptions = {}): Promise<CachedArtifact> {
  requirePinned(ref);
  if (opts.signal?.aborted) throw cancelled(ref);
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  await mkdir(cacheDir, { recursive: true });
  const target = join(cacheDir, cacheFileName(ref));
  const result = (source: CachedArtifact['source'], bytes: number): CachedArtifact => ({ name: ref.name, version: ref.version, sha256: ref.sha256, path: target, source, bytes });

  // Cached under its hash whatever the URL's file name (a mirror or a rename finds it too).
  const prefix = cacheFileName({ ...ref, url: null }).split('-')[0] ?? ref.sha256;
  for (const name of (await readdir(cacheDir)).filter((n) => n.startsWith(`${prefix}-`))) {
    const path = join(cacheDir, name);
    const cached = await stat(path).catch(() => null);
    if (!cached?.isFile()) continue;
    if ((await sha256File(path, opts.signal, digestAlgorithm(ref.sha256))) === ref.sha256) {
      opts.onProgress?.(1, cached.size);
      return { ...result('cache', cached.size), path };
    }
    await rm(path, { force: true }); // corrupted in the cache: fetch it again
  }

  for (const candidate of await preseedCandidates(opts.preseedDirs ?? defaultPreseedDirs(), ref)) {
    if (opts.signal?.aborted) throw cancelled(ref);
    if ((await pinDigestOfFile(candidate, ref.sha256, opts.signal)) !== ref.sha256) continue;
    return result('preseed', await copyVerified(ref, candidate, cacheDir, target, opts));
  }

  if (!ref.url) {
    const dirs = (opts.preseedDirs ?? defaultPreseedDirs()).join(', ') || 'none given';
    throw new BcmError(
      'NOT_FOUND',
      `No file with ${digestLabel(ref.sha256)} ${ref.sha256} for ${describe(ref)} was found in the preseed folders (${dirs}). It is supplied locally, so BCM cannot download it: put the file in one of those folders.`,
      { artifact: ref.name, sha256: ref.sha256 },
    );
  }
  return result('download', await download({ ...ref, url: ref.url }, cacheDir, target, opts));
}
