import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { BcmError } from '../../shared/errors';

/**
 * One install of a recipe: `from` is a path inside the archive, at its root or under its single top
 * folder (`lnd` matches `lnd-linux-amd64-v0.18.5-beta/lnd`); a `from` ending in "/" is a folder
 * installed whole under `to`, keeping the archive's modes. For a file that is not an archive (a bare
 * binary) `from` is "" and the file itself is installed.
 */
export interface ArtifactInstall {
  from: string;
  to: string;
  mode: number;
}

export type ArchiveFormat = 'tar.gz' | 'tar.xz' | 'tar' | 'file';

export interface ExtractedEntry {
  /** the entry's path inside the archive */
  archivePath: string;
  /** where it goes in the container */
  to: string;
  mode: number;
  type: 'file' | 'directory';
  size: number;
  /** the bytes (read it to the end, or leave it: the next entry drains it) */
  stream: Readable;
}

/** What kind of file this is, from its first bytes. */
export async function sniffFormat(file: string): Promise<ArchiveFormat> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(262);
    const { bytesRead } = await fh.read(buf, 0, 262, 0);
    if (bytesRead >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return 'tar.gz';
    if (bytesRead >= 6 && buf.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'tar.xz';
    if (bytesRead >= 262 && buf.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
    return 'file';
  } finally {
    await fh.close();
  }
}

/** `path` relative to the matching install's `from`, or null. */
function matchInstall(path: string, installs: ArtifactInstall[]): { install: ArtifactInstall; rest: string } | null {
  const clean = path.replace(/^\.\//, '');
  const slash = clean.indexOf('/');
  const candidates = slash > 0 ? [clean, clean.slice(slash + 1)] : [clean];
  for (const candidate of candidates) {
    for (const install of installs) {
      if (install.from.endsWith('/')) {
        if (candidate.startsWith(install.from)) return { install, rest: candidate.slice(install.from.length) };
      } else if (candidate === install.from) {
        return { install, rest: '' };
      }
    }
  }
  return null;
}

/** The archive's decompressed bytes (xz through the `xz` tool: Node has no xz decoder). */
function tarStream(source: Readable, format: ArchiveFormat): Readable {
  if (format === 'tar.gz') return source.pipe(createGunzip());
  if (format === 'tar') return source;
  const xz = spawn('xz', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out = new PassThrough();
  let stderr = '';
  xz.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  xz.on('error', (err) => out.destroy(new BcmError('INTERNAL', `Unpacking an .xz archive needs the xz tool (apt-get install xz-utils): ${err.message}`)));
  xz.on('close', (code) => {
    if (code !== 0 && code !== null) out.destroy(new BcmError('VALIDATION', `The .xz archive is damaged (xz: ${stderr.trim() || `exit ${code}`}).`));
  });
  source.pipe(xz.stdin);
  xz.stdin.on('error', () => undefined);
  xz.stdout.pipe(out);
  return out;
}

export interface ExtractOptions {
  /** compressed bytes read so far, out of the file's size */
  onRead?: (bytes: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * The archive entries an install list asks for, streamed one at a time in archive order. Fails
 * with NOT_FOUND naming what the archive lacks, once it has been read to the end.
 */
export async function* extractEntries(file: string, installs: ArtifactInstall[], opts: ExtractOptions = {}): AsyncGenerator<ExtractedEntry> {
  const format = await sniffFormat(file);
  const total = (await stat(file)).size;
  const source = createReadStream(file);
  let read = 0;
  source.on('data', (chunk: Buffer | string) => {
    read += chunk.length;
    opts.onRead?.(read, total);
  });
  if (format === 'file') {
    for (const install of installs) {
      if (install.from !== '') throw new BcmError('VALIDATION', `${posix.basename(file)} is not an archive, so it has no "${install.from}" to install.`);
    }
    for (const [i, install] of installs.entries()) {
      const stream = i === 0 ? source : createReadStream(file);
      yield { archivePath: '', to: install.to, mode: install.mode, type: 'file', size: total, stream };
    }
    return;
  }
  const seen = new Set<ArtifactInstall>();
  const extract = tar.extract();
  const input = tarStream(source, format);
  input.on('error', (err) => extract.destroy(err));
  input.pipe(extract as unknown as NodeJS.WritableStream);
  const onAbort = (): void => {
    source.destroy();
    extract.destroy(new BcmError('CANCELLED', 'Installing the artifact was cancelled.'));
  };
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const entry of extract) {
      const header = entry.header;
      const body = Readable.from(entry as AsyncIterable<Buffer>, { objectMode: false });
      const match = header.type === 'file' || header.type === 'directory' ? matchInstall(header.name, installs) : null;
      if (match) {
        seen.add(match.install);
        const isTree = match.install.from.endsWith('/');
        const to = isTree ? posix.join(match.install.to, match.rest).replace(/(.)\/+$/, '$1') : match.install.to;
        const mode = isTree ? (header.mode ?? 0o644) & 0o7777 : match.install.mode;
        const type = header.type === 'directory' ? 'directory' : 'file';
        yield { archivePath: header.name, to, mode, type, size: header.size ?? 0, stream: body };
      }
      if (!body.readableEnded) {
        body.resume();
        await finished(body).catch(() => undefined);
      }
    }
  } catch (err) {
    if (opts.signal?.aborted) throw new BcmError('CANCELLED', 'Installing the artifact was cancelled.');
    if (err instanceof BcmError) throw err;
    throw new BcmError('VALIDATION', `${posix.basename(file)} could not be unpacked (${err instanceof Error ? err.message : String(err)}).`, undefined, { cause: err });
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    input.unpipe(extract as unknown as NodeJS.WritableStream);
    extract.destroy();
    source.destroy();
  }
  const missing = installs.filter((i) => !seen.has(i)).map((i) => i.from);
  if (missing.length) {
    throw new BcmError('NOT_FOUND', `${posix.basename(file)} has no ${missing.join(', ')}: the artifact is not laid out like the release it stands for.`, { missing });
  }
}

/** The same entries with their bytes read into memory (small archives, tests). */
export async function extract(file: string, installs: ArtifactInstall[], opts: ExtractOptions = {}): Promise<Array<Omit<ExtractedEntry, 'stream'> & { data: Buffer }>> {
  const out: Array<Omit<ExtractedEntry, 'stream'> & { data: Buffer }> = [];
  for await (const entry of extractEntries(file, installs, opts)) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry.stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    const { stream: _stream, ...rest } = entry;
    out.push({ ...rest, data: Buffer.concat(chunks) });
  }
  return out;
}
