import https from 'node:https';
import type { PeerCertificate } from 'node:tls';
import type { RemoteProbe } from '../../shared/endpoints';
import { BcmError } from '../../shared/errors';
import type { LxdServer } from './api';
import { derToPem, fingerprintOfDer } from './certs';
import { parseEnvelope } from './envelope';
import { type TransportTarget } from './errors';
import { readBody, sendRequest } from './transport';
import {
  createCheckedAgent,
  formatAddress,
  parseAddress,
  type CheckedAgentOptions,
  type SocksProxyOptions,
} from './transport-https';

export interface ProbeOptions {
  /** present this identity: `trusted` then says whether it is already trusted */
  clientCertPem?: string;
  clientKeyPem?: string;
  socksProxy?: SocksProxyOptions;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The server's certificate (`pem` = `certificatePem`) and what it says to an untrusted client. */
export type ServerCertificateProbe = RemoteProbe & { pem: string };

/** the most an untrusted server's GET /1.0 may send */
export const PROBE_MAX_BYTES = 1024 * 1024;

/**
 * Trust on first use: connects without verifying, reads the server's certificate (for the user to
 * confirm its fingerprint) and what `GET /1.0` tells an untrusted client.
 */
export async function probeServerCertificate(
  address: string,
  opts: ProbeOptions = {},
): Promise<ServerCertificateProbe> {
  const hostPort = parseAddress(address);
  const normalised = formatAddress(hostPort);
  const target: TransportTarget = opts.socksProxy
    ? { kind: 'https', address: normalised, viaProxy: formatAddress(opts.socksProxy) }
    : { kind: 'https', address: normalised };
  let peer: PeerCertificate | undefined;
  const agentOpts: CheckedAgentOptions = {
    check: (cert) => {
      peer = cert;
      return undefined;
    },
    keepAlive: false,
  };
  if (opts.clientCertPem !== undefined) agentOpts.clientCertPem = opts.clientCertPem;
  if (opts.clientKeyPem !== undefined) agentOpts.clientKeyPem = opts.clientKeyPem;
  if (opts.socksProxy) agentOpts.socksProxy = opts.socksProxy;
  if (opts.timeoutMs !== undefined) agentOpts.connectTimeoutMs = opts.timeoutMs;
  const agent = createCheckedAgent(agentOpts);
  try {
    const reqOpts: Parameters<typeof sendRequest>[3] = {
      timeoutMs: opts.timeoutMs ?? (opts.socksProxy ? 60_000 : 15_000),
    };
    if (opts.signal) reqOpts.signal = opts.signal;
    const res = await sendRequest(
      https.request,
      { agent, host: hostPort.host, port: hostPort.port, method: 'GET', path: '/1.0', protocol: 'https:' },
      target,
      reqOpts,
    );
    // before trust anyone may answer: the body is capped (LXD's /1.0 is a few KiB) and has a deadline
    const body = await readBody(res, target, { timeoutMs: reqOpts.timeoutMs ?? 15_000, maxBytes: PROBE_MAX_BYTES });
    if (!peer?.raw) throw new BcmError('UNREACHABLE', `${normalised} did not present a certificate.`);
    const fingerprint = fingerprintOfDer(peer.raw);
    let server: LxdServer;
    try {
      const env = parseEnvelope(body, 'GET /1.0', res.statusCode ?? 0);
      if (env.type !== 'sync') throw new Error(env.type === 'error' ? env.error : 'unexpected operation');
      server = env.metadata as LxdServer;
    } catch (err) {
      throw new BcmError(
        'UNREACHABLE',
        `${normalised} answers HTTPS but does not look like an LXD server (${err instanceof Error ? err.message : String(err)}). Check the address and port (LXD listens on 8443 by default).`,
        { address: normalised, fingerprint },
      );
    }
    const pem = derToPem(peer.raw);
    const probe: ServerCertificateProbe = {
      address: normalised,
      fingerprint,
      pem,
      certificatePem: pem,
      trusted: server.auth === 'trusted',
    };
    const cn = peer.subject?.CN;
    if (typeof cn === 'string' && cn) probe.subject = cn;
    const notAfter = Date.parse(peer.valid_to);
    if (Number.isFinite(notAfter)) probe.notAfter = new Date(notAfter).toISOString();
    const name = server.environment?.server_name;
    if (name) probe.serverName = name;
    const version = server.environment?.server_version;
    if (version) probe.lxdVersion = version;
    return probe;
  } finally {
    agent.destroy();
  }
}
