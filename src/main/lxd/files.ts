import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { BcmError } from '../../shared/errors';
import type { Scope } from './collection';
import { seg, type LxdCore, type LxdRequestOptions } from './core';
import { readAll, type TransportBody, type TransportRequestOptions } from './transport';

export interface FileMeta {
  uid: number;
  gid: number;
  /** permission bits, e.g. 0o644 */
  mode: number;
  type: 'file' | 'directory' | 'symlink';
}

export interface PushOptions extends Scope {
  uid?: number;
  gid?: number;
  /** default 0o644 */
  mode?: number;
  /** append instead of overwrite (needs the `file_append` extension) */
  append?: boolean;
  signal?: AbortSignal;
}

function metaOf(headers: IncomingHttpHeaders): FileMeta {
  const num = (h: string, radix = 10): number => {
    const v = headers[h];
    const n = typeof v === 'string' ? parseInt(v, radix) : NaN;
    return Number.isFinite(n) ? n : -1;
  };
  const t = headers['x-lxd-type'];
  const type = t === 'directory' || t === 'symlink' ? t : 'file';
  return { uid: num('x-lxd-uid'), gid: num('x-lxd-gid'), mode: num('x-lxd-mode', 8), type };
}

/** Files inside an instance, streamed both ways (`/1.0/instances/<name>/files`). */
export class FilesApi {
  constructor(private readonly core: LxdCore) {}

  private url(name: string, filePath: string, scope: Scope = {}): string {
    if (!filePath.startsWith('/'))
      throw new BcmError('VALIDATION', `The path in the instance must be absolute (got "${filePath}").`);
    const opts: LxdRequestOptions = { query: { path: filePath } };
    if (scope.project !== undefined) opts.project = scope.project;
    return this.core.url(`/1.0/instances/${seg(name)}/files`, opts);
  }

  /** Opens a file for reading: its owner/mode and a stream of its bytes. */
  async pull(
    name: string,
    filePath: string,
    options: Scope & { signal?: AbortSignal } = {},
  ): Promise<{ meta: FileMeta; stream: Readable }> {
    const reqOpts: TransportRequestOptions = options.signal ? { signal: options.signal } : {};
    const res = await this.core.transport.stream('GET', this.url(name, filePath, options), reqOpts);
    if (res.status !== 200) {
      const body = await readAll(res.body);
      this.core.interpret(res.status, undefined, body, `GET ${filePath}`);
      throw new BcmError('LXD_ERROR', `LXD answered HTTP ${res.status} for ${filePath}.`);
    }
    const meta = metaOf(res.headers);
    if (meta.type === 'directory') {
      res.body.resume();
      throw new BcmError('VALIDATION', `${filePath} in ${name} is a directory; use list().`);
    }
    return { meta, stream: res.body };
  }

  /** Reads a whole (small) file. */
  async read(name: string, filePath: string, scope?: Scope): Promise<{ meta: FileMeta; data: Buffer }> {
    const { meta, stream } = await this.pull(name, filePath, scope);
    return { meta, data: await readAll(stream) };
  }

  /** Writes a file from a buffer, a string or a stream (streamed, not buffered). */
  async push(name: string, filePath: string, content: TransportBody, options: PushOptions = {}): Promise<void> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/octet-stream',
      'X-LXD-type': 'file',
      'X-LXD-mode': `0${(options.mode ?? 0o644).toString(8)}`,
      'X-LXD-write': options.append ? 'append' : 'overwrite',
    };
    if (options.uid !== undefined) headers['X-LXD-uid'] = String(options.uid);
    if (options.gid !== undefined) headers['X-LXD-gid'] = String(options.gid);
    if (!options.append) await this.ownNewFile(name, filePath, options, headers);
    const reqOpts: TransportRequestOptions = { body: content, headers };
    if (options.signal) reqOpts.signal = options.signal;
    const res = await this.core.transport.request('POST', this.url(name, filePath, options), reqOpts);
    this.core.interpret(res.status, undefined, res.body, `POST ${filePath}`);
  }

  /**
   * LXD sets a pushed file's mode and owner only when it creates the file, unless the server has
   * `instances_files_modify_permissions` and is asked to. So a push cut short (an apply killed
   * mid-transfer) leaves a 0644 root:root file that every later push would keep: a binary that is
   * "not executable", a key readable by all. With the extension, ask for them; without it, remove
   * the file first so that LXD creates it (which also replaces a running binary instead of writing
   * into it).
   */
  private async ownNewFile(name: string, filePath: string, scope: Scope, headers: Record<string, string>): Promise<void> {
    if (await this.core.hasExtension('instances_files_modify_permissions')) {
      headers['X-LXD-modify-perm'] = ['mode', ...(headers['X-LXD-uid'] ? ['uid'] : []), ...(headers['X-LXD-gid'] ? ['gid'] : [])].join(',');
      return;
    }
    await this.delete(name, filePath, scope).catch(() => undefined); // absent: nothing to remove
  }

  async mkdir(name: string, dirPath: string, options: Omit<PushOptions, 'append'> = {}): Promise<void> {
    const headers: Record<string, string> = {
      'X-LXD-type': 'directory',
      'X-LXD-mode': `0${(options.mode ?? 0o755).toString(8)}`,
    };
    if (options.uid !== undefined) headers['X-LXD-uid'] = String(options.uid);
    if (options.gid !== undefined) headers['X-LXD-gid'] = String(options.gid);
    const res = await this.core.transport.request('POST', this.url(name, dirPath, options), { headers, body: '' });
    this.core.interpret(res.status, undefined, res.body, `POST ${dirPath}`);
  }

  /** Names in a directory. */
  async list(name: string, dirPath: string, scope?: Scope): Promise<string[]> {
    const res = await this.core.transport.request('GET', this.url(name, dirPath, scope));
    const env = this.core.interpret<unknown>(res.status, undefined, res.body, `GET ${dirPath}`);
    if (env.kind !== 'sync' || !Array.isArray(env.metadata))
      throw new BcmError('VALIDATION', `${dirPath} in ${name} is not a directory.`);
    return env.metadata.filter((e): e is string => typeof e === 'string');
  }

  async delete(name: string, filePath: string, scope?: Scope): Promise<void> {
    const res = await this.core.transport.request('DELETE', this.url(name, filePath, scope));
    this.core.interpret(res.status, undefined, res.body, `DELETE ${filePath}`);
  }
}
