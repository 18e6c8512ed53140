import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';

/** Top-level folders of ~/.bcm that are this machine's own and stay out of archives. */
export const NOT_BACKED_UP = new Set(['state', 'recovery']);

export interface StoreEntry {
  /** relative to ~/.bcm, forward slashes */
  rel: string;
  abs: string;
  type: 'file' | 'directory';
  size: number;
  mode: number;
  mtime: Date;
}

export function isTransient(name: string): boolean {
  return name.endsWith('.tmp') || name.endsWith('.partial') || name.endsWith('.lock');
}

/**
 * Every folder and file of ~/.bcm (folders first, sorted), minus local state and temporary
 * files. Symbolic links and special files are skipped and reported.
 */
export async function walkStore(root: string): Promise<{ entries: StoreEntry[]; skipped: string[] }> {
  const entries: StoreEntry[] = [];
  const skipped: string[] = [];
  const visit = async (relDir: string): Promise<void> => {
    const names = (await readdir(join(root, relDir))).sort();
    for (const name of names) {
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      if (relDir === '' && NOT_BACKED_UP.has(name)) continue;
      if (isTransient(name)) continue;
      const abs = join(root, rel);
      const st = await lstat(abs);
      if (st.isDirectory()) {
        entries.push({ rel, abs, type: 'directory', size: 0, mode: st.mode & 0o7777, mtime: st.mtime });
        await visit(rel);
      } else if (st.isFile()) {
        entries.push({ rel, abs, type: 'file', size: st.size, mode: st.mode & 0o7777, mtime: st.mtime });
      } else {
        skipped.push(rel);
      }
    }
  };
  await visit('');
  return { entries, skipped };
}

/** SHA-256 of a file, streamed. */
export function hashFile(path: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const stream = createReadStream(path, signal ? { signal } : {});
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('error', reject);
    stream.on('end', () => resolve(hash.digest('hex')));
  });
}

/** A pass-through that hashes and counts what flows, and reports each chunk's size. */
export class HashingTap extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;

  constructor(private readonly onBytes: (n: number) => void = () => undefined) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onBytes(chunk.length);
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
