import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { preseedCandidates } from './ensure';
import { digestLabel } from '../../shared/datacenter/digest';
import { pinDigestOfFile } from './hash';
import { cacheFileName, defaultCacheDir, defaultPreseedDirs, describe, type ArtifactRef } from './resolve';

/**
 * Where an apply would get an artifact from, found without fetching it (issue 12: the Review's
 * pre-flight, before anything is created): the cache, a preseed folder, or its release URL, which
 * is probed with a HEAD request over the route the download takes (this computer's). A file is
 * matched by its pinned digest only (SHA-256, or SHA-512), as ensureArtifact does.
 */
export interface ArtifactLocation {
  source: 'cache' | 'preseed' | 'download' | 'missing';
  /** a path, a URL, or the folders looked in */
  where: string;
  /** why the apply could not get it, and what to do */
  problem?: string;
}

export interface LocateOptions {
  cacheDir?: string;
  preseedDirs?: string[];
  /** undefined when the URL answers, else the reason (default: HEAD with a 10 s deadline) */
  probe?: (url: string) => Promise<string | undefined>;
}

export async function probeUrl(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(10_000) });
    return res.ok ? undefined : `HTTP ${res.status}`;
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  }
}

export async function locateArtifact(ref: ArtifactRef, opts: LocateOptions = {}): Promise<ArtifactLocation> {
  const dirs = opts.preseedDirs ?? defaultPreseedDirs();
  const folders = dirs.join(', ') || 'none';
  if (!ref.sha256) return { source: 'missing', where: folders, problem: `${describe(ref)} has no pinned SHA-256, so BCM refuses it. Supply a verified file and its hash (Advanced → local artifacts).` };
  const sha = ref.sha256;
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const prefix = cacheFileName({ ...ref, sha256: sha, url: null }).split('-')[0] ?? sha;
  for (const name of (await readdir(cacheDir).catch(() => [] as string[])).filter((n) => n.startsWith(`${prefix}-`))) {
    const path = join(cacheDir, name);
    if ((await pinDigestOfFile(path, sha).catch(() => '')) === sha) return { source: 'cache', where: path };
  }
  for (const candidate of await preseedCandidates(dirs, ref)) {
    if ((await pinDigestOfFile(candidate, sha).catch(() => '')) === sha) return { source: 'preseed', where: candidate };
  }
  if (!ref.url) {
    return { source: 'missing', where: folders, problem: `No file with the ${digestLabel(sha)} ${sha.slice(0, 16)}… of ${describe(ref)} is in the preseed folders (${folders}). Put the file there, then plan again.` };
  }
  const why = await (opts.probe ?? probeUrl)(ref.url);
  if (why === undefined) return { source: 'download', where: ref.url };
  return {
    source: 'missing',
    where: ref.url,
    problem: `${describe(ref)} cannot be downloaded from ${ref.url} (${why}) and is in no preseed folder (${folders}). Check this computer's connection, or put the release file in one of those folders, then plan again.`,
  };
}
