import type { ClientRequest, RequestOptions } from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls, { type PeerCertificate, type TLSSocket } from 'node:tls';
import { SocksProxyAgent } from 'socks-proxy-agent';
import WebSocket from 'ws';
import { BcmError } from '../../shared/errors';
import { fingerprintOfDer, fingerprintOfPem, normaliseFingerprint } from './certs';
import { certMismatchError, type TransportTarget } from './errors';
import {
  sendRequest,
  type LxdTransport,
  type TransportRequestOptions,
  type TransportResponse,
  type TransportStreamResponse,
  WS_HANDSHAKE_TIMEOUT_MS,
  requestWhole,
} from './transport';

export interface SocksProxyOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
}

export interface HttpsTransportOptions {
  /** "host:port", "[v6]:port" or "host" (port 8443) */
  address: string;
  /** the client identity; without it only untrusted calls (GET /1.0) work */
  clientCertPem?: string;
  clientKeyPem?: string;
  /** lower-case hex SHA-256 of the server certificate's DER */
  serverFingerprint: string;
  /** the pinned certificate itself; when given it must match the fingerprint */
  serverCertificatePem?: string;
  /** e.g. Tor's SOCKS port; host names are resolved by the proxy (socks5h) */
  socksProxy?: SocksProxyOptions;
  /** TCP + TLS (+ SOCKS) handshake limit; default 15 s direct, 60 s through a proxy */
  connectTimeoutMs?: number;
}

export interface HostPort {
  host: string;
  port: number;
}

/** Parses "host:port" / "[::1]:8443" / "host"; throws VALIDATION on nonsense. */
export function parseAddress(address: string, defaultPort = 8443): HostPort {
  const text = address
    .trim()
    .replace(/^https:\/\//, '')
    .replace(/\/+$/, '');
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([A-Za-z0-9.-]+)(?::(\d+))?$/.exec(text);
  const m = v6 ?? plain;
  const host = m?.[1];
  const port = m?.[2] === undefined ? defaultPort : Number(m[2]);
  if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new BcmError('VALIDATION', `"${address}" is not a host:port address (for example 192.168.1.20:8443).`);
  }
  return { host, port };
}

export function formatAddress({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Decides about a peer certificate once the TLS handshake is done; an Error refuses it. */
export type PeerCheck = (cert: PeerCertificate) => Error | undefined;

/**
 * Waits for the handshake on a fresh TLS socket and runs the check before the socket is handed
 * to http: no request byte is written to a server whose certificate is refused.
 */
function verifyPeer(socket: TLSSocket, check: PeerCheck, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      done(Object.assign(new Error(`TLS handshake not done within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    const done = (err?: Error): void => {
      clearTimeout(timer);
      socket.off('secureConnect', onSecure);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve();
    };
    const onSecure = (): void => done(check(socket.getPeerCertificate(false)));
    const onError = (err: Error): void => done(err);
    const onClose = (): void =>
      done(Object.assign(new Error('connection closed during the TLS handshake'), { code: 'ECONNRESET' }));
    socket.once('secureConnect', onSecure);
    socket.once('error', onError);
    socket.once('close', onClose);
  });
}

class CheckedHttpsAgent extends https.Agent {
  constructor(
    private readonly check: PeerCheck,
    private readonly handshakeMs: number,
    options: https.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(
    options: RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): undefined {
    const socket = tls.connect({ ...(options as tls.ConnectionOptions), rejectUnauthorized: false });
    verifyPeer(socket, this.check, this.handshakeMs).then(
      () => callback?.(null, socket),
      (err: unknown) => callback?.(err instanceof Error ? err : new Error(String(err)), socket),
    );
    return undefined;
  }
}

class CheckedSocksAgent extends SocksProxyAgent {
  constructor(
    uri: string,
    private readonly check: PeerCheck,
    private readonly handshakeMs: number,
    options: https.AgentOptions,
  ) {
    super(uri, options);
  }

  override async connect(req: ClientRequest, opts: Parameters<SocksProxyAgent['connect']>[1]) {
    const socket = await super.connect(req, { ...opts, rejectUnauthorized: false } as typeof opts);
    if (opts.secureEndpoint) await verifyPeer(socket as TLSSocket, this.check, this.handshakeMs);
    return socket;
  }
}

function socksUrl(proxy: SocksProxyOptions): string {
  const auth =
    proxy.username !== undefined
      ? `${encodeURIComponent(proxy.username)}:${encodeURIComponent(proxy.password ?? '')}@`
      : '';
  return `socks5h://${auth}${formatAddress({ host: proxy.host, port: proxy.port })}`;
}

export interface CheckedAgentOptions {
  check: PeerCheck;
  clientCertPem?: string;
  clientKeyPem?: string;
  socksProxy?: SocksProxyOptions;
  connectTimeoutMs?: number;
  keepAlive?: boolean;
}

/** An https agent that runs `check` on every new TLS connection before use (direct or SOCKS). */
export function createCheckedAgent(opts: CheckedAgentOptions): https.Agent {
  const tlsOptions: https.AgentOptions = {
    keepAlive: opts.keepAlive ?? true,
    maxSockets: Infinity,
    rejectUnauthorized: false,
  };
  if (opts.clientCertPem !== undefined) tlsOptions.cert = opts.clientCertPem;
  if (opts.clientKeyPem !== undefined) tlsOptions.key = opts.clientKeyPem;
  if (opts.socksProxy) {
    const ms = opts.connectTimeoutMs ?? 60_000;
    return new CheckedSocksAgent(socksUrl(opts.socksProxy), opts.check, ms, {
      ...tlsOptions,
      timeout: ms,
    }) as unknown as https.Agent;
  }
  return new CheckedHttpsAgent(opts.check, opts.connectTimeoutMs ?? 15_000, tlsOptions);
}

/** Mutual TLS to a remote LXD, the server pinned by fingerprint; optionally through SOCKS5 (Tor). */
export function createHttpsTransport(options: HttpsTransportOptions): LxdTransport {
  const hostPort = parseAddress(options.address);
  const address = formatAddress(hostPort);
  const pinned = normaliseFingerprint(options.serverFingerprint);
  if (!/^[0-9a-f]{64}$/.test(pinned)) {
    throw new BcmError('VALIDATION', 'The pinned server fingerprint must be 64 hex digits (SHA-256).');
  }
  if (options.serverCertificatePem !== undefined) {
    const ofPem = fingerprintOfPem(options.serverCertificatePem);
    if (ofPem !== pinned) throw certMismatchError(address, pinned, ofPem);
  }
  const target: TransportTarget = options.socksProxy
    ? { kind: 'https', address, viaProxy: formatAddress(options.socksProxy) }
    : { kind: 'https', address };
  const check: PeerCheck = (cert) => {
    const presented = cert.raw ? fingerprintOfDer(cert.raw) : '(none)';
    return presented === pinned ? undefined : certMismatchError(address, pinned, presented);
  };
  const agentOptions: CheckedAgentOptions = { check };
  if (options.clientCertPem !== undefined) agentOptions.clientCertPem = options.clientCertPem;
  if (options.clientKeyPem !== undefined) agentOptions.clientKeyPem = options.clientKeyPem;
  if (options.socksProxy) agentOptions.socksProxy = options.socksProxy;
  if (options.connectTimeoutMs !== undefined) agentOptions.connectTimeoutMs = options.connectTimeoutMs;
  const agent = createCheckedAgent(agentOptions);
  const base: RequestOptions = { agent, host: hostPort.host, port: hostPort.port, protocol: 'https:' };

  const open = (method: string, path: string, opts: TransportRequestOptions) =>
    sendRequest(https.request, { ...base, method, path }, target, opts);

  return {
    kind: 'https',
    description: `https://${address}`,
    serverFingerprint: pinned,
    target,
    request(method: string, path: string, opts: TransportRequestOptions = {}): Promise<TransportResponse> {
      return requestWhole(open, target, method, path, opts);
    },
    async stream(method: string, path: string, opts: TransportRequestOptions = {}): Promise<TransportStreamResponse> {
      const res = await open(method, path, opts);
      return { status: res.statusCode ?? 0, headers: res.headers, body: res };
    },
    websocket(path: string, handshakeTimeoutMs = WS_HANDSHAKE_TIMEOUT_MS): WebSocket {
      const wsOptions: WebSocket.ClientOptions = { agent, perMessageDeflate: false, rejectUnauthorized: false, handshakeTimeout: handshakeTimeoutMs };
      if (options.clientCertPem !== undefined) wsOptions.cert = options.clientCertPem;
      if (options.clientKeyPem !== undefined) wsOptions.key = options.clientKeyPem;
      return new WebSocket(`wss://${address}${path}`, wsOptions);
    },
    close(): void {
      agent.destroy();
    },
  };
}
