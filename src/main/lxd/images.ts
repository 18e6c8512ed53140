import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { BcmError } from '../../shared/errors';
import type { LxdImage, LxdImageAlias } from './api';
import type { Scope } from './collection';
import { seg, type LxdCore, type LxdRequestOptions } from './core';
import type { OperationsApi, WaitOptions } from './operations';
import type { TransportRequestOptions } from './transport';

export interface ImportOptions extends Scope {
  /** aliases to point at the new image */
  aliases?: string[];
  public?: boolean;
  /** bytes sent so far, and the total when known */
  onUploadProgress?: (sent: number, total?: number) => void;
  /** LXD's own progress while it unpacks/validates */
  onProgress?: WaitOptions['onProgress'];
  signal?: AbortSignal;
}

function counting(onChunk: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      onChunk(chunk.length);
      cb(null, chunk);
    },
  });
}

/** `/1.0/images` and `/1.0/images/aliases` of a project. */
export class ImagesApi {
  constructor(
    private readonly core: LxdCore,
    private readonly operations: OperationsApi,
  ) {}

  private opts(scope: Scope = {}, extra: LxdRequestOptions = {}): LxdRequestOptions {
    return scope.project !== undefined ? { ...extra, project: scope.project } : extra;
  }

  list(scope?: Scope): Promise<LxdImage[]> {
    return this.core.get<LxdImage[]>('/1.0/images', this.opts(scope, { query: { recursion: 1 } }));
  }

  get(fingerprint: string, scope?: Scope): Promise<LxdImage> {
    return this.core.get<LxdImage>(`/1.0/images/${seg(fingerprint)}`, this.opts(scope));
  }

  /**
   * Imports a unified image tarball (metadata.yaml + rootfs/ + templates/), streamed from a file
   * path, a stream or a buffer. Resolves with the image's fingerprint once LXD has stored it.
   */
  async importTarball(
    source: string | Readable | Buffer,
    options: ImportOptions = {},
  ): Promise<{ fingerprint: string }> {
    let total: number | undefined;
    let body: Readable | Buffer;
    if (typeof source === 'string') {
      total = (await stat(source)).size;
      body = createReadStream(source);
    } else if (Buffer.isBuffer(source)) {
      total = source.length;
      body = source;
    } else body = source;
    const headers: Record<string, string> = {
      'Content-Type': 'application/octet-stream',
      'X-LXD-public': options.public ? '1' : '0',
    };
    if (total !== undefined) headers['Content-Length'] = String(total);
    if (options.onUploadProgress) {
      const report = options.onUploadProgress;
      let sent = 0;
      const counter = counting((n) => {
        sent += n;
        report(sent, total);
      });
      body = Buffer.isBuffer(body) ? Readable.from([body]).pipe(counter) : body.pipe(counter);
    }
    const reqOpts: TransportRequestOptions = { body, headers };
    if (options.signal) reqOpts.signal = options.signal;
    const url = this.core.url('/1.0/images', this.opts(options));
    const res = await this.core.transport.request('POST', url, reqOpts);
    const env = this.core.interpret(res.status, undefined, res.body, 'POST /1.0/images');
    const waitOpts: WaitOptions = {};
    if (options.signal) waitOpts.signal = options.signal;
    if (options.onProgress) waitOpts.onProgress = options.onProgress;
    const op = await this.operations.complete(env, waitOpts);
    const fingerprint = op?.metadata?.fingerprint;
    if (typeof fingerprint !== 'string')
      throw new BcmError('LXD_ERROR', 'LXD stored the image but did not say its fingerprint.');
    for (const alias of options.aliases ?? []) await this.createAlias(alias, fingerprint, '', options);
    return { fingerprint };
  }

  async delete(fingerprint: string, scope?: Scope): Promise<void> {
    await this.operations.complete(await this.core.delete(`/1.0/images/${seg(fingerprint)}`, this.opts(scope)));
  }

  listAliases(scope?: Scope): Promise<LxdImageAlias[]> {
    return this.core.get<LxdImageAlias[]>('/1.0/images/aliases', this.opts(scope, { query: { recursion: 1 } }));
  }

  getAlias(name: string, scope?: Scope): Promise<LxdImageAlias> {
    return this.core.get<LxdImageAlias>(`/1.0/images/aliases/${seg(name)}`, this.opts(scope));
  }

  async createAlias(name: string, target: string, description = '', scope?: Scope): Promise<void> {
    await this.core.post('/1.0/images/aliases', { name, target, description }, this.opts(scope));
  }

  async deleteAlias(name: string, scope?: Scope): Promise<void> {
    await this.core.delete(`/1.0/images/aliases/${seg(name)}`, this.opts(scope));
  }
}
