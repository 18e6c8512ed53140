import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export interface FixtureEntry {
  name: string;
  data?: Buffer | string;
  mode?: number;
  type?: 'file' | 'directory' | 'symlink';
  linkname?: string;
}

/** A tar archive in memory (tar-stream), for release-like fixtures. */
export async function tarBuffer(entries: FixtureEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
  })();
  for (const e of entries) {
    const type = e.type ?? 'file';
    const header = { name: e.name, mode: e.mode ?? (type === 'directory' ? 0o755 : 0o644), type, mtime: new Date(0), ...(e.linkname ? { linkname: e.linkname } : {}) };
    const cb = (err?: Error | null): void => (err ? reject(err) : resolve());
    let resolve: () => void = () => undefined;
    let reject: (err: Error) => void = () => undefined;
    const written = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    if (type === 'file') pack.entry(header, Buffer.from(e.data ?? ''), cb);
    else pack.entry(header, cb);
    await written;
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export async function writeTarGz(path: string, entries: FixtureEntry[]): Promise<void> {
  await writeFile(path, gzipSync(await tarBuffer(entries)));
}

/** .tar.xz through the xz tool (as Core Lightning ships its releases). */
export async function writeTarXz(path: string, entries: FixtureEntry[]): Promise<void> {
  await writeFile(path, execFileSync('xz', ['-zc', '-0'], { input: await tarBuffer(entries) }));
}

/** Like lnd's release tarball: one top folder holding the binaries. */
export function releaseLike(top: string): FixtureEntry[] {
  return [
    { name: `${top}/`, type: 'directory' },
    { name: `${top}/lnd`, data: '#!/bin/sh\necho lnd\n', mode: 0o755 },
    { name: `${top}/lncli`, data: '#!/bin/sh\necho lncli\n', mode: 0o755 },
    { name: `${top}/README.md`, data: 'docs' },
  ];
}
