import { posix } from 'node:path';
import { BcmError } from '../../shared/errors';
import type { LxdClient } from '../lxd';
import { extractEntries, type ArtifactInstall } from './extract';

export interface InstallTarget {
  project: string;
  instance: string;
}

export interface InstallOptions {
  /** fraction 0..1 of the artifact file read, and the path being pushed */
  onProgress?: (fraction: number, current: string) => void;
  signal?: AbortSignal;
  /** owner of what is installed (default root) */
  uid?: number;
  gid?: number;
}

export interface InstalledFile {
  path: string;
  mode: number;
  bytes: number;
}

/** Makes `dir` and its missing parents in the container (LXD's file API makes one level at a time). */
async function ensureDir(client: LxdClient, target: InstallTarget, dir: string, made: Set<string>, opts: InstallOptions): Promise<void> {
  if (dir === '/' || made.has(dir)) return;
  await ensureDir(client, target, posix.dirname(dir), made, opts);
  const scope = { project: target.project };
  const exists = await client.files
    .list(target.instance, dir, scope)
    .then(() => true)
    .catch(() => false);
  if (!exists) await client.files.mkdir(target.instance, dir, { ...scope, mode: 0o755, uid: opts.uid ?? 0, gid: opts.gid ?? 0 });
  made.add(dir);
}

/**
 * Installs what `installs` names from a verified artifact file into a container through the LXD
 * files API, streaming each entry straight from the archive (nothing unpacked on the host).
 */
export async function installArtifact(client: LxdClient, target: InstallTarget, artifactFile: string, installs: ArtifactInstall[], opts: InstallOptions = {}): Promise<InstalledFile[]> {
  for (const i of installs) {
    if (!i.to.startsWith('/')) throw new BcmError('VALIDATION', `Install targets must be absolute paths in the container (got "${i.to}").`);
  }
  if (opts.signal?.aborted) throw new BcmError('CANCELLED', 'Installing the artifact was cancelled.');
  const made = new Set<string>();
  const installed: InstalledFile[] = [];
  let fraction = 0;
  const extractOpts = {
    onRead: (bytes: number, total: number) => {
      fraction = total > 0 ? bytes / total : 0;
    },
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
  for await (const entry of extractEntries(artifactFile, installs, extractOpts)) {
    if (entry.type === 'directory') {
      await ensureDir(client, target, entry.to.replace(/\/$/, '') || '/', made, opts);
      continue;
    }
    await ensureDir(client, target, posix.dirname(entry.to), made, opts);
    opts.onProgress?.(Math.min(0.99, fraction), entry.to);
    await client.files.push(target.instance, entry.to, entry.stream, {
      project: target.project,
      mode: entry.mode,
      uid: opts.uid ?? 0,
      gid: opts.gid ?? 0,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    installed.push({ path: entry.to, mode: entry.mode, bytes: entry.size });
  }
  opts.onProgress?.(1, '');
  return installed;
}
