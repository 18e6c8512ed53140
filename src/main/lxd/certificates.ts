import { BcmError } from '../../shared/errors';
import { isTokenExpired, parseTrustToken, type TrustToken } from '../../shared/trust-token';
import type { LxdCertificate } from './api';
import { pemToDer } from './certs';
import { seg, type LxdCore } from './core';
import type { OperationsApi } from './operations';

export interface AddWithPasswordInput {
  /** how the server lists this client */
  name: string;
  password: string;
  /** PEM; omitted: the certificate this connection presents (the usual case over HTTPS) */
  certificatePem?: string;
}

export interface AddWithTokenInput {
  /** the text printed by `lxc config trust add` */
  token: string;
  /** defaults to the name in the token */
  name?: string;
  /** the fingerprint the token must name; defaults to the transport's pinned one */
  serverFingerprint?: string;
  /** PEM; omitted: the certificate this connection presents */
  certificatePem?: string;
}

export interface CreatedToken {
  /** base64 text in the `lxc config trust add` format */
  token: string;
  /** revoke with operations.cancel(operationId) */
  operationId: string;
  parsed: TrustToken;
}

/** Encodes a token like `lxc config trust add` does (standard base64 of the JSON body). */
export function encodeTrustToken(t: {
  clientName: string;
  fingerprint: string;
  addresses: string[];
  secret: string;
  expiresAt?: string;
}): string {
  const body = {
    client_name: t.clientName,
    fingerprint: t.fingerprint,
    addresses: t.addresses,
    secret: t.secret,
    expires_at: t.expiresAt ?? '0001-01-01T00:00:00Z',
  };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64');
}

/** The token text as LXD decodes it (standard base64, padded). */
function standardBase64(text: string): string {
  const t = text.trim().replace(/-/g, '+').replace(/_/g, '/');
  return t + '='.repeat((4 - (t.length % 4)) % 4);
}

const certPath = (fp: string): string => `/1.0/certificates/${seg(fp)}`;

/** The server's trust store: who may use this LXD. */
export class CertificatesApi {
  constructor(
    private readonly core: LxdCore,
    private readonly operations: OperationsApi,
  ) {}

  list(): Promise<LxdCertificate[]> {
    return this.core.get<LxdCertificate[]>('/1.0/certificates', { global: true, query: { recursion: 1 } });
  }

  /**
   * Removes what trust tokens named by `match` made: the pending tokens (their operations, as
   * `lxc config trust revoke-token` does) and the certificates trusted through them (LXD names a
   * certificate after its token). Returns what was removed, as "token NAME" / "certificate NAME".
   */
  async revokeByName(match: (name: string) => boolean): Promise<string[]> {
    const removed: string[] = [];
    for (const op of await this.operations.list()) {
      const request = op.metadata?.['request'];
      const name = request && typeof request === 'object' ? (request as Record<string, unknown>)['name'] : undefined;
      if (op.class === 'token' && op.status === 'Running' && typeof name === 'string' && match(name)) {
        await this.operations.cancel(op.id);
        removed.push(`token ${name}`);
      }
    }
    for (const cert of await this.list()) {
      if (match(cert.name)) {
        await this.delete(cert.fingerprint);
        removed.push(`certificate ${cert.name}`);
      }
    }
    return removed;
  }

  get(fingerprint: string): Promise<LxdCertificate> {
    return this.core.get<LxdCertificate>(certPath(fingerprint), { global: true });
  }

  /** Trust with the server's trust password (`core.trust_password`). A wrong one is AUTH_FAILED. */
  async addWithPassword(input: AddWithPasswordInput): Promise<void> {
    const body: Record<string, unknown> = { type: 'client', name: input.name, password: input.password };
    if (input.certificatePem !== undefined) body.certificate = pemToDer(input.certificatePem).toString('base64');
    const res = await this.core.post('/1.0/certificates', body, { global: true, context: 'trust-password' });
    await this.operations.complete(res);
    this.core.forgetServerInfo();
  }

  /**
   * Trust with a one-time token. The token must name the server we are connected to (its
   * fingerprint equals the pinned one) before it is sent; LXD 5.0.2 redeems the whole token
   * through the `password` field. A malformed, expired, used or foreign token is TOKEN_INVALID.
   */
  async addWithToken(input: AddWithTokenInput): Promise<void> {
    const parsed = parseTrustToken(input.token);
    if (!parsed.ok)
      throw new BcmError(
        'TOKEN_INVALID',
        `${parsed.reason} Create a new token on the server with \`lxc config trust add\`.`,
      );
    const token = parsed.token;
    if (isTokenExpired(token)) {
      throw new BcmError(
        'TOKEN_INVALID',
        `This trust token expired at ${token.expiresAt ?? '?'}. Create a new one on the server with \`lxc config trust add\`.`,
      );
    }
    const expected = input.serverFingerprint ?? this.core.transport.serverFingerprint;
    if (expected !== undefined && token.fingerprint !== expected) {
      throw new BcmError(
        'TOKEN_INVALID',
        `This trust token belongs to the server with certificate fingerprint ${token.fingerprint}, but the server at ${this.core.transport.description} has ${expected}. Nothing was sent. Check that the address is that of the server where the token was made.`,
        { tokenFingerprint: token.fingerprint, serverFingerprint: expected },
      );
    }
    const name = input.name ?? token.clientName ?? 'bcm';
    // LXD 5.0.x decodes the `password` field as a whole certificate-add token (base64 JSON) and
    // matches its secret against the pending token operations; the name, restrictions and
    // projects come from the token, and the certificate from this TLS connection.
    // Newer servers (API extension explicit_trust_token, LXD 5.21+) take it as `trust_token` and
    // deprecate redeeming it through `password`.
    const field = (await this.core.hasExtension('explicit_trust_token')) ? 'trust_token' : 'password';
    const body: Record<string, unknown> = { type: 'client', name, [field]: standardBase64(input.token) };
    if (input.certificatePem !== undefined) body.certificate = pemToDer(input.certificatePem).toString('base64');
    const res = await this.core.post('/1.0/certificates', body, { global: true, context: 'trust-token' });
    await this.operations.complete(res);
    this.core.forgetServerInfo();
  }

  /** Adds a certificate directly (trusted clients only, e.g. over the unix socket). */
  async add(input: { name: string; certificatePem: string; restricted?: boolean; projects?: string[] }): Promise<void> {
    const body: Record<string, unknown> = {
      type: 'client',
      name: input.name,
      certificate: pemToDer(input.certificatePem).toString('base64'),
    };
    if (input.restricted !== undefined) body.restricted = input.restricted;
    if (input.projects !== undefined) body.projects = input.projects;
    await this.operations.complete(await this.core.post('/1.0/certificates', body, { global: true }));
  }

  /** Issues a one-time trust token (like `lxc config trust add --name <name>`). */
  async createToken(input: { name: string; projects?: string[]; restricted?: boolean }): Promise<CreatedToken> {
    const body: Record<string, unknown> = { type: 'client', name: input.name, token: true };
    if (input.projects !== undefined) body.projects = input.projects;
    if (input.restricted !== undefined) body.restricted = input.restricted;
    const res = await this.core.post('/1.0/certificates', body, { global: true });
    if (res.kind !== 'async' || res.operation.class !== 'token') {
      throw new BcmError('LXD_ERROR', 'LXD did not issue a token (no token operation in the answer).');
    }
    const md = res.operation.metadata ?? {};
    const secret = typeof md.secret === 'string' ? md.secret : '';
    const fingerprint = typeof md.fingerprint === 'string' ? md.fingerprint : '';
    const addresses = Array.isArray(md.addresses) ? md.addresses.filter((a): a is string => typeof a === 'string') : [];
    const expiresAt = typeof md.expiresAt === 'string' ? md.expiresAt : undefined;
    const token = encodeTrustToken(
      expiresAt
        ? { clientName: input.name, fingerprint, addresses, secret, expiresAt }
        : { clientName: input.name, fingerprint, addresses, secret },
    );
    const parsed = parseTrustToken(token);
    if (!parsed.ok)
      throw new BcmError(
        'LXD_ERROR',
        `LXD issued a token BCM cannot read (${parsed.reason}); does the server listen on the network?`,
      );
    return { token, operationId: res.operation.id, parsed: parsed.token };
  }

  async delete(fingerprint: string): Promise<void> {
    await this.operations.complete(await this.core.delete(certPath(fingerprint), { global: true }));
  }
}
