import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { digestAlgorithm, type DigestAlgorithm } from '../../shared/datacenter/digest';

/** Passes bytes through unchanged, hashing and counting them on the way. */
export class HashingStream extends Transform {
  private readonly hash: Hash;
  bytes = 0;

  constructor(
    private readonly onBytes: (bytes: number) => void = () => undefined,
    algorithm: DigestAlgorithm = 'sha256',
  ) {
    super();
    this.hash = createHash(algorithm);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onBytes(this.bytes);
    cb(null, chunk);
  }

  /** Call once, after the stream has ended. */
  digest(): string {
    return this.hash.digest('hex');
  }
}

/** SHA-256 (or `algorithm`) of a file, streamed (lower-case hex). */
export async function sha256File(path: string, signal?: AbortSignal, algorithm: DigestAlgorithm = 'sha256'): Promise<string> {
  const hasher = new HashingStream(undefined, algorithm);
  const sink = new Transform({ transform: (_c, _e, cb) => cb() });
  await pipeline(createReadStream(path), hasher, sink, signal ? { signal } : {});
  return hasher.digest();
}

const memo = new Map<string, string>();

/**
 * SHA-256 of a file, remembered for this process by path, size and modification time: a preseed
 * folder is scanned by hash on every install and its files rarely change.
 */
export async function sha256FileMemo(path: string, signal?: AbortSignal, algorithm: DigestAlgorithm = 'sha256'): Promise<string> {
  const st = await stat(path);
  const key = `${algorithm}\0${path}\0${st.size}\0${st.mtimeMs}`;
  const known = memo.get(key);
  if (known) return known;
  const hash = await sha256File(path, signal, algorithm);
  memo.set(key, hash);
  return hash;
}

/** The digest of a file in the algorithm of `pin` (SHA-256 or SHA-512), to compare with it. */
export function pinDigestOfFile(path: string, pin: string, signal?: AbortSignal): Promise<string> {
  return sha256FileMemo(path, signal, digestAlgorithm(pin));
}
