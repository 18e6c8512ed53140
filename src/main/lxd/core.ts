import type { LxdOperation, LxdServer } from './api';
import { parseEnvelope } from './envelope';
import { mapLxdError, type LxdErrorContext } from './errors';
import type { LxdTransport, TransportBody } from './transport';
import { BcmError } from '../../shared/errors';

export type QueryValue = string | number | boolean | undefined;

export interface LxdRequestOptions {
  /** the LXD project; defaults to the client's project (if any) */
  project?: string;
  /** list across every project (`all-projects=true`) */
  allProjects?: boolean;
  /** do not add a project parameter (server-wide resources: certificates, projects, operations) */
  global?: boolean;
  query?: Record<string, QueryValue>;
  /** sent as If-Match: LXD answers 412 when the object changed since it was read */
  etag?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** how a 403 is explained (trust password / token redemption) */
  context?: LxdErrorContext;
}

export type LxdResponse<T> =
  | { kind: 'sync'; metadata: T; etag?: string; status: number }
  | { kind: 'async'; operation: LxdOperation; status: number };

export interface WithEtag<T> {
  value: T;
  /** absent for objects without an ETag */
  etag?: string;
}

export interface ClientOptions {
  /** the default project for project-scoped calls */
  project?: string;
}

/** Encodes one path segment (instance names, file names in paths are added by the resources). */
export const seg = (name: string): string => encodeURIComponent(name);

/**
 * The HTTP core of the client: builds URLs (project, query), sends JSON, parses envelopes and
 * maps LXD errors. Resources are thin layers on top of it.
 */
export class LxdCore {
  readonly transport: LxdTransport;
  readonly project: string | undefined;
  /** shared by every project view of the same client */
  protected readonly shared: { extensions?: Promise<Set<string>> };

  constructor(
    transport: LxdTransport,
    options: ClientOptions = {},
    shared: { extensions?: Promise<Set<string>> } = {},
  ) {
    this.transport = transport;
    this.project = options.project;
    this.shared = shared;
  }

  url(path: string, opts: LxdRequestOptions = {}): string {
    const params = new URLSearchParams();
    if (!opts.global) {
      if (opts.allProjects) params.set('all-projects', 'true');
      else {
        const project = opts.project ?? this.project;
        if (project !== undefined) params.set('project', project);
      }
    }
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    if (!qs) return path;
    return `${path}${path.includes('?') ? '&' : '?'}${qs}`;
  }

  /** Sends one JSON call and returns the parsed envelope; LXD errors are thrown as BcmError. */
  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    opts: LxdRequestOptions = {},
  ): Promise<LxdResponse<T>> {
    const url = this.url(path, opts);
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    let payload: TransportBody | undefined;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    if (opts.etag !== undefined) headers['If-Match'] = opts.etag;
    const reqOpts: Parameters<LxdTransport['request']>[2] = { headers };
    if (payload !== undefined) reqOpts.body = payload;
    if (opts.signal) reqOpts.signal = opts.signal;
    if (opts.timeoutMs !== undefined) reqOpts.timeoutMs = opts.timeoutMs;
    const res = await this.transport.request(method, url, reqOpts);
    return this.interpret<T>(res.status, res.headers.etag, res.body, `${method} ${path}`, opts.context);
  }

  /** Interprets an HTTP answer with a JSON envelope (also used after streamed uploads). */
  interpret<T>(
    status: number,
    etagHeader: string | string[] | undefined,
    body: Buffer,
    what: string,
    context?: LxdErrorContext,
  ): LxdResponse<T> {
    const env = parseEnvelope(body, what, status);
    const [method, path] = what.split(' ', 2);
    if (env.type === 'error') {
      const where: Parameters<typeof mapLxdError>[2] = {};
      if (method) where.method = method;
      if (path) where.path = path;
      if (context) where.context = context;
      throw mapLxdError(env.errorCode || status, env.error, where);
    }
    if (env.type === 'async') return { kind: 'async', operation: env.operation, status };
    const etag = typeof etagHeader === 'string' ? etagHeader : undefined;
    return etag === undefined
      ? { kind: 'sync', metadata: env.metadata as T, status }
      : { kind: 'sync', metadata: env.metadata as T, etag, status };
  }

  async get<T>(path: string, opts: LxdRequestOptions = {}): Promise<T> {
    return (await this.getWithEtag<T>(path, opts)).value;
  }

  async getWithEtag<T>(path: string, opts: LxdRequestOptions = {}): Promise<WithEtag<T>> {
    const res = await this.call<T>('GET', path, undefined, opts);
    if (res.kind !== 'sync')
      throw new BcmError('INTERNAL', `GET ${path}: LXD answered with an operation where data was expected.`);
    return res.etag === undefined ? { value: res.metadata } : { value: res.metadata, etag: res.etag };
  }

  post<T = unknown>(path: string, body?: unknown, opts?: LxdRequestOptions): Promise<LxdResponse<T>> {
    return this.call<T>('POST', path, body ?? {}, opts);
  }

  put<T = unknown>(path: string, body: unknown, opts?: LxdRequestOptions): Promise<LxdResponse<T>> {
    return this.call<T>('PUT', path, body, opts);
  }

  patch<T = unknown>(path: string, body: unknown, opts?: LxdRequestOptions): Promise<LxdResponse<T>> {
    return this.call<T>('PATCH', path, body, opts);
  }

  delete<T = unknown>(path: string, opts?: LxdRequestOptions): Promise<LxdResponse<T>> {
    return this.call<T>('DELETE', path, undefined, opts);
  }

  /** `GET /1.0` (cached per client for feature detection). */
  async serverInfo(opts: Pick<LxdRequestOptions, 'signal'> = {}): Promise<LxdServer> {
    return this.get<LxdServer>('/1.0', { ...opts, global: true });
  }

  /** Whether the server lists this `api_extensions` entry (fetched once, then cached). */
  async hasExtension(name: string): Promise<boolean> {
    this.shared.extensions ??= this.serverInfo().then(
      (s) => new Set(s.api_extensions),
      (err: unknown) => {
        this.shared.extensions = undefined;
        throw err;
      },
    );
    return (await this.shared.extensions).has(name);
  }

  /** Forgets cached server facts (after an upgrade, or once trust was granted). */
  forgetServerInfo(): void {
    this.shared.extensions = undefined;
  }
}
