import { Readable } from 'node:stream';
import type WebSocket from 'ws';
import { BcmError } from '../../shared/errors';
import { parseAddress, type LxdTransport, type SocksProxyOptions, type TransportRequestOptions } from '../lxd';
import { onionError } from './onion-errors';
import { socksReplyCode } from './socks-probe';

export interface OnionTransportOptions {
  /** "<56 characters>.onion:8443" */
  address: string;
  /** the pinned LXD certificate fingerprint */
  serverFingerprint: string;
  /** makes Tor ready for this endpoint (started, bootstrapped, client key given) and returns its SOCKS address */
  prepare: (signal?: AbortSignal) => Promise<SocksProxyOptions>;
  /** the current SOCKS address without waiting (for websockets opened after a request) */
  current: () => SocksProxyOptions;
  /** the HTTPS transport through a SOCKS proxy (pinned certificate, client identity) */
  create: (socks: SocksProxyOptions) => LxdTransport;
  /** time allowed to ask Tor why a connection failed */
  diagnoseTimeoutMs?: number;
}

function causes(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 5 && e instanceof Error; i += 1) {
    parts.push(e.message);
    e = (e as { cause?: unknown }).cause;
  }
  return parts.join(' | ');
}

/**
 * An LXD transport to an onion endpoint: every call first makes sure BCM's Tor is ready, goes
 * through its SOCKS port (Tor resolves the .onion), and a SOCKS refusal is explained with Tor's
 * extended reply code (not authorised, offline, no answer...).
 */
export function createOnionTransport(opts: OnionTransportOptions): LxdTransport {
  const { host, port } = parseAddress(opts.address);
  let inner: LxdTransport | undefined;
  let innerPort: number | undefined;

  const use = (socks: SocksProxyOptions): LxdTransport => {
    if (!inner || innerPort !== socks.port) {
      inner?.close();
      inner = opts.create(socks);
      innerPort = socks.port;
    }
    return inner;
  };

  /** Tor's reply code for a fresh connect, when `err` was a SOCKS refusal (else undefined). */
  const diagnose = async (err: unknown, socks: SocksProxyOptions): Promise<number | undefined> => {
    if (err instanceof BcmError && err.code !== 'UNREACHABLE') return undefined;
    if (!/socks/i.test(causes(err))) return undefined;
    return socksReplyCode(socks, host, port, opts.diagnoseTimeoutMs ?? 30_000).catch(() => undefined);
  };

  const call = async <T>(options: TransportRequestOptions, run: (t: LxdTransport) => Promise<T>): Promise<T> => {
    const socks = await opts.prepare(options.signal);
    try {
      return await run(use(socks));
    } catch (err) {
      const code = await diagnose(err, socks);
      if (code === undefined) throw err;
      if (code !== 0) throw onionError(code, `${host}:${port}`);
      // The onion answers now (Tor built the path while diagnosing). The refused connection never
      // reached the server, so the request is sent again, unless its body was a consumed stream.
      if (options.body instanceof Readable) throw err;
      return run(use(socks));
    }
  };

  return {
    kind: 'https',
    description: `https://${host}:${port} (onion, through Tor)`,
    serverFingerprint: opts.serverFingerprint,
    target: { kind: 'https', address: `${host}:${port}`, viaProxy: 'Tor' },
    request(method, path, options = {}) {
      return call(options, (t) => t.request(method, path, options));
    },
    stream(method, path, options = {}) {
      return call(options, (t) => t.stream(method, path, options));
    },
    websocket(path: string): WebSocket {
      return use(opts.current()).websocket(path);
    },
    close(): void {
      inner?.close();
      inner = undefined;
    },
  };
}
