import type { ClientRequest, IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import { Readable } from 'node:stream';
import type WebSocket from 'ws';
import { BcmError } from '../../shared/errors';
import { mapTransportError, type TransportTarget } from './errors';

/** One way of reaching an LXD daemon: its unix socket, or HTTPS (optionally through SOCKS5). */
export interface LxdTransport {
  readonly kind: 'unix' | 'https';
  /** "unix:/var/lib/lxd/unix.socket" or "https://host:port" */
  readonly description: string;
  /** HTTPS only: the pinned server certificate fingerprint (lower-case hex SHA-256 of the DER) */
  readonly serverFingerprint?: string;
  /** what error messages name when the connection fails */
  readonly target: TransportTarget;
  /** A request whose whole answer is read into memory (JSON calls, small files). */
  request(method: string, path: string, options?: TransportRequestOptions): Promise<TransportResponse>;
  /** A request whose body is streamed in both directions (file push/pull, image upload). */
  stream(method: string, path: string, options?: TransportRequestOptions): Promise<TransportStreamResponse>;
  /**
   * A websocket on the daemon (not yet open); see `openWebSocket` to await it with mapped errors.
   * Its upgrade must complete within `handshakeTimeoutMs` (default WS_HANDSHAKE_TIMEOUT_MS).
   */
  websocket(path: string, handshakeTimeoutMs?: number): WebSocket;
  /** Drops pooled connections. Open websockets are not touched. */
  close(): void;
}

export type TransportBody = Buffer | string | Readable;

export interface TransportRequestOptions {
  body?: TransportBody;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * The call's deadline in ms: request() — the whole answer, headers and body; stream() — the
   * headers. Default DEFAULT_REQUEST_TIMEOUT_MS. Long work is not waited for through one call: it
   * is an LXD operation, waited for in slices (OperationsApi.settle).
   */
  timeoutMs?: number;
  /** request() only: the most bytes an answer may have (default MAX_BODY_BYTES) */
  maxBytes?: number;
}

/** every call to LXD has a deadline unless the caller gives its own */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** a websocket (exec, events) must complete its upgrade within this */
export const WS_HANDSHAKE_TIMEOUT_MS = 15_000;
/** the largest answer read into memory from a trusted server (listings of many instances fit) */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

function where(target: TransportTarget): string {
  return target.kind === 'unix' ? `the LXD socket ${target.socketPath}` : `LXD at ${target.address}${target.viaProxy !== undefined ? ` (through ${target.viaProxy})` : ''}`;
}

export function deadlineError(target: TransportTarget, ms: number): BcmError {
  return new BcmError(
    'TIMEOUT',
    `${where(target)} did not answer within ${Math.round(ms / 100) / 10} s. Check that LXD is running and not overloaded${target.kind === 'https' && target.viaProxy !== undefined ? ', and that Tor is connected' : ''}, then try again.`,
    { timeoutMs: ms },
  );
}

/**
 * Reads a whole answer, within a deadline and a size cap: a server that stalls mid-body or sends
 * without end (before it is trusted, anyone can answer) cannot hold the caller or its memory.
 */
export function readBody(res: Readable, target: TransportTarget, limits: { timeoutMs: number; maxBytes: number }): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: BcmError | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) {
        res.destroy();
        reject(err);
      } else resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(() => finish(deadlineError(target, limits.timeoutMs)), limits.timeoutMs);
    res.on('data', (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      if (size > limits.maxBytes) {
        finish(new BcmError('LXD_ERROR', `${where(target)} sent an answer larger than ${Math.round(limits.maxBytes / 1024)} KiB; it was not read further.`, { maxBytes: limits.maxBytes }));
        return;
      }
      chunks.push(b);
    });
    res.once('end', () => finish(null));
    res.once('error', (err) => finish(mapTransportError(err, target)));
  });
}

export interface TransportResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface TransportStreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Readable;
}

type RequestFn = (options: RequestOptions, cb: (res: IncomingMessage) => void) => ClientRequest;

/** Sends one request with node:http/https and resolves when the response headers arrive. */
export function sendRequest(
  requestFn: RequestFn,
  options: RequestOptions,
  target: TransportTarget,
  opts: TransportRequestOptions,
): Promise<IncomingMessage> {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const { signal, body, timeoutMs } = opts;
    if (signal?.aborted) {
      reject(new BcmError('CANCELLED', 'The request to LXD was cancelled.'));
      return;
    }
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    let settled = false;
    const deadline = timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    // (the callback runs after `fail` and `req` below exist)
    const timer = setTimeout(() => {
      const err = deadlineError(target, deadline);
      fail(err);
      req.destroy(err);
    }, deadline);
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(mapTransportError(err, target));
    };
    const req = requestFn({ ...options, headers: { ...(options.headers ?? {}), ...headers } }, (res) => {
      if (settled) {
        res.resume();
        return;
      }
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (signal) {
        const abortBody = (): void => {
          res.destroy(new BcmError('CANCELLED', 'The request to LXD was cancelled.'));
        };
        signal.addEventListener('abort', abortBody, { once: true });
        res.once('close', () => signal.removeEventListener('abort', abortBody));
      }
      resolve(res);
    });
    const onAbort = (): void => {
      fail(new BcmError('CANCELLED', 'The request to LXD was cancelled.'));
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    if (body instanceof Readable) {
      body.on('error', (err) => {
        fail(err);
        req.destroy(err);
      });
      body.pipe(req);
    } else {
      req.end(body);
    }
  });
}

/**
 * A request whose whole answer is read into memory, for both transports: the deadline covers the
 * headers and the body together, and the body is capped.
 */
export async function requestWhole(
  open: (method: string, path: string, opts: TransportRequestOptions) => Promise<IncomingMessage>,
  target: TransportTarget,
  method: string,
  path: string,
  opts: TransportRequestOptions,
): Promise<TransportResponse> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const res = await open(method, path, { ...opts, timeoutMs });
  const body = await readBody(res, target, { timeoutMs: Math.max(1, timeoutMs - (Date.now() - started)), maxBytes: opts.maxBytes ?? MAX_BODY_BYTES });
  return { status: res.statusCode ?? 0, headers: res.headers, body };
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Resolves when the websocket is open; a failed handshake becomes a mapped BcmError. */
export function openWebSocket(ws: WebSocket, target: TransportTarget, signal?: AbortSignal): Promise<WebSocket> {
  return new Promise<WebSocket>((resolve, reject) => {
    const cleanup = (): void => {
      ws.off('open', onOpen);
      ws.off('error', onError);
      ws.off('unexpected-response', onUnexpected);
      signal?.removeEventListener('abort', onAbort);
    };
    const onOpen = (): void => {
      cleanup();
      resolve(ws);
    };
    const onError = (err: Error): void => {
      cleanup();
      ws.on('error', () => undefined);
      // ws's own handshake timeout: said as a deadline, like every other call
      if (/handshake has timed out/i.test(err.message)) {
        reject(new BcmError('TIMEOUT', `${where(target)} did not complete a websocket upgrade in time. Check that LXD is running and not overloaded, then try again.`));
        return;
      }
      reject(mapTransportError(err, target));
    };
    const onUnexpected = (_req: ClientRequest, res: IncomingMessage): void => {
      cleanup();
      ws.on('error', () => undefined);
      void readAll(res).then(
        (buf) => {
          let text = buf.toString('utf8');
          try {
            const json = JSON.parse(text) as { error?: unknown };
            if (typeof json.error === 'string') text = json.error;
          } catch {
            /* not JSON: keep the text */
          }
          const code = res.statusCode === 403 ? 'AUTH_FAILED' : res.statusCode === 404 ? 'NOT_FOUND' : 'LXD_ERROR';
          reject(
            new BcmError(code, `LXD refused the websocket (HTTP ${res.statusCode ?? 0}): ${text.trim()}`, {
              status: res.statusCode,
            }),
          );
        },
        (err: unknown) => reject(mapTransportError(err, target)),
      );
      ws.terminate();
    };
    const onAbort = (): void => {
      cleanup();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(new BcmError('CANCELLED', 'Opening the websocket was cancelled.'));
    };
    ws.once('open', onOpen);
    ws.once('error', onError);
    ws.once('unexpected-response', onUnexpected);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
