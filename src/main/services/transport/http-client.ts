import http from 'node:http';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { BcmError } from '../../../shared/errors';
import type { LxdCore } from '../../lxd/index';
import type { RelayKind, RelayTarget } from './relay';
import { ExecTunnel } from './tunnel';

export interface TunnelEndpoint {
  core: LxdCore;
  project: string;
  instance: string;
  target: RelayTarget;
  /** for messages: "btcd's RPC" */
  label: string;
  /** TLS pinned to this certificate (PEM): the service's own self-signed certificate */
  tls?: { cert: string };
  relay?: RelayKind;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Largest answer read into memory (a mainnet block with verbosity 1 is about 200 KiB). */
const MAX_BODY = 16 * 1024 * 1024;

class TunnelAgent extends http.Agent {
  constructor(
    private readonly endpoint: TunnelEndpoint,
    options: http.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(): Duplex {
    const e = this.endpoint;
    const tunnel = new ExecTunnel(e.core, { project: e.project, instance: e.instance, target: e.target, label: e.label, ...(e.relay ? { relay: e.relay } : {}) });
    if (!e.tls) return tunnel;
    // The exact certificate is the trust anchor (self-signed, read from the container): a server
    // without its private key cannot complete the handshake. Names are not checked: the bytes go
    // to a fixed socket inside a fixed container, there is no name to confuse.
    return tls.connect({ socket: tunnel, ca: e.tls.cert, servername: 'localhost', checkServerIdentity: () => undefined });
  }
}

/**
 * HTTP/1.1 to a service inside a container through exec tunnels, with keep-alive: a dashboard
 * that polls reuses one or two tunnels instead of starting a relay per request.
 */
export class TunnelHttpClient {
  private readonly agent: TunnelAgent;

  constructor(
    readonly endpoint: TunnelEndpoint,
    options: { maxSockets?: number; idleMs?: number } = {},
  ) {
    this.agent = new TunnelAgent(endpoint, { keepAlive: true, maxSockets: options.maxSockets ?? 2, maxFreeSockets: options.maxSockets ?? 2, timeout: options.idleMs ?? 90_000 });
  }

  request(req: HttpRequest): Promise<HttpAnswer> {
    const { label } = this.endpoint;
    return new Promise<HttpAnswer>((resolve, reject) => {
      if (req.signal?.aborted) return reject(new BcmError('CANCELLED', `The request to ${label} was cancelled.`));
      let settled = false;
      const finish = (err: Error | null, answer?: HttpAnswer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else if (answer) resolve(answer);
      };
      const headers: Record<string, string> = { Host: 'localhost', ...req.headers };
      if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
      const r = http.request({ agent: this.agent, host: 'tunnel', port: 1, method: req.method, path: req.path, headers }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) {
            r.destroy();
            finish(new BcmError('INTERNAL', `${label} answered with more than ${MAX_BODY / 1024 / 1024} MiB; refused.`));
          } else chunks.push(chunk);
        });
        res.on('end', () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (err) => finish(toUnreachable(err, label)));
      });
      const timer = setTimeout(() => {
        finish(new BcmError('TIMEOUT', `${label} did not answer within ${Math.round(req.timeoutMs / 1000)} s.`, { timeoutMs: req.timeoutMs }));
        r.destroy();
      }, req.timeoutMs);
      const onAbort = (): void => {
        finish(new BcmError('CANCELLED', `The request to ${label} was cancelled.`));
        r.destroy();
      };
      req.signal?.addEventListener('abort', onAbort, { once: true });
      r.on('error', (err) => finish(toUnreachable(err, label)));
      r.end(req.body);
    });
  }

  /**
   * A long-lived answer (lnd's server-streaming REST calls) on a tunnel of its own, so it never
   * holds one of the pooled sockets: `onOpen` once the request is on the wire (grpc-gateway sends
   * the answer's head only with the first message), each body chunk to `onData` as it arrives.
   * Resolves when the server ends the answer; rejects when the tunnel fails, the status is not
   * 2xx (with its body), or `signal` aborts (CANCELLED).
   */
  stream(req: { path: string; headers?: Record<string, string>; signal: AbortSignal }, onOpen: () => void, onData: (chunk: Buffer) => void): Promise<void> {
    const { label } = this.endpoint;
    const agent = new TunnelAgent(this.endpoint, { keepAlive: false, maxSockets: 1 });
    return new Promise<void>((resolve, reject) => {
      if (req.signal.aborted) return reject(new BcmError('CANCELLED', `The stream from ${label} was cancelled.`));
      let settled = false;
      const finish = (err: Error | null): void => {
        if (settled) return;
        settled = true;
        req.signal.removeEventListener('abort', onAbort);
        agent.destroy();
        if (err) reject(err);
        else resolve();
      };
      const r = http.request({ agent, host: 'tunnel', port: 1, method: 'GET', path: req.path, headers: { Host: 'localhost', ...req.headers } }, (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.length < 64 && chunks.push(c));
          res.on('end', () => finish(new BcmError('INTERNAL', `${label} answered ${req.path} with HTTP ${status}: ${Buffer.concat(chunks).toString('utf8').slice(0, 500)}`, { status })));
          return;
        }
        res.on('data', (chunk: Buffer) => onData(chunk));
        res.on('end', () => finish(null));
        res.on('error', (err) => finish(toUnreachable(err, label)));
      });
      const onAbort = (): void => {
        finish(new BcmError('CANCELLED', `The stream from ${label} was cancelled.`));
        r.destroy();
      };
      req.signal.addEventListener('abort', onAbort, { once: true });
      r.on('error', (err) => finish(toUnreachable(err, label)));
      r.on('finish', onOpen);
      r.end();
    });
  }

  /** Closes idle tunnels (requests in flight end with an error). */
  close(): void {
    this.agent.destroy();
  }
}

function toUnreachable(err: Error, label: string): BcmError {
  if (err instanceof BcmError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code && /^ERR_TLS|CERT|SSL/.test(code + err.message)) {
    return new BcmError('CERT_MISMATCH', `${label} presented another TLS certificate than the one in its container (${err.message}).`, { code });
  }
  if (code === 'ECONNRESET' || /socket hang up/.test(err.message)) return new BcmError('UNREACHABLE', `${label} closed the connection without an answer.`, { code });
  return new BcmError('UNREACHABLE', `Could not reach ${label}: ${err.message}`, code ? { code } : undefined);
}
