/**
 * lndconnect URIs (https://github.com/LN-Zap/lndconnect): `lndconnect://<host>:<port>?cert=<base64url
 * DER>&macaroon=<base64url>`, what Zeus, Zap and others scan; and the Tor client-authorisation line
 * a phone's Tor needs for an onion with client authorisation (`<address>:descriptor:x25519:<key>`,
 * the form of Tor's `.auth_private` files, which Orbot and Zeus take). Pure, shared by main (which
 * builds them) and the renderer (which shows their parts).
 */

export type MacaroonPermission = 'admin' | 'invoice' | 'readonly';
export const macaroonPermissions = ['admin', 'invoice', 'readonly'] as const satisfies readonly MacaroonPermission[];

export interface LndConnect {
  host: string;
  port: number;
  /** DER bytes of lnd's TLS certificate */
  certDer: Uint8Array;
  macaroon: Uint8Array;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The DER bytes of a PEM certificate. */
export function pemToDer(pem: string): Uint8Array {
  const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1];
  if (!body) throw new Error('not a PEM certificate');
  return Uint8Array.from(atob(body.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
}

export function derToPem(der: Uint8Array): string {
  const b64 = toBase64Url(der).replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  return `-----BEGIN CERTIFICATE-----\n${padded.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

export function buildLndConnect(c: LndConnect): string {
  if (!/^[A-Za-z0-9.-]+$/.test(c.host)) throw new Error(`"${c.host}" is not a host name`);
  if (!Number.isInteger(c.port) || c.port < 1 || c.port > 65535) throw new Error(`${c.port} is not a port`);
  return `lndconnect://${c.host}:${c.port}?cert=${toBase64Url(c.certDer)}&macaroon=${toBase64Url(c.macaroon)}`;
}

export type ParsedLndConnect = { ok: true; value: LndConnect } | { ok: false; reason: string };

/** Reads an lndconnect URI as a wallet would (the cert may be absent: then the wallet trusts a CA). */
export function parseLndConnect(uri: string): ParsedLndConnect {
  const m = /^lndconnect:\/\/([A-Za-z0-9.-]+):(\d{1,5})\/?\?(.*)$/.exec(uri.trim());
  if (!m) return { ok: false, reason: 'not an lndconnect://host:port?… URI' };
  const [, host = '', portText = '', query = ''] = m;
  const params = new URLSearchParams(query);
  const macaroon = fromBase64Url(params.get('macaroon') ?? '');
  if (!macaroon || macaroon.length === 0) return { ok: false, reason: 'no macaroon (base64url) in the URI' };
  const certText = params.get('cert');
  const certDer = certText === null ? new Uint8Array() : fromBase64Url(certText);
  if (!certDer) return { ok: false, reason: 'the cert is not base64url' };
  const port = Number(portText);
  if (port < 1 || port > 65535) return { ok: false, reason: `${port} is not a port` };
  return { ok: true, value: { host, port, certDer, macaroon } };
}

/** `<56 characters, no .onion>:descriptor:x25519:<base32 private key>` */
export function torClientAuthLine(onion: string, privateKeyBase32: string): string {
  const id = onion.replace(/\.onion$/, '');
  if (!/^[a-z2-7]{56}$/.test(id)) throw new Error(`"${onion}" is not a v3 onion address`);
  if (!/^[A-Z2-7]{52}$/i.test(privateKeyBase32)) throw new Error('an x25519 private key is 52 base32 characters');
  return `${id}:descriptor:x25519:${privateKeyBase32.toUpperCase()}`;
}

export function parseTorClientAuthLine(line: string): { onion: string; privateKey: string } | undefined {
  const m = /^([a-z2-7]{56})(?:\.onion)?:descriptor:x25519:([A-Z2-7]{52})$/i.exec(line.trim());
  return m?.[1] && m[2] ? { onion: `${m[1].toLowerCase()}.onion`, privateKey: m[2].toUpperCase() } : undefined;
}

/** What a permission lets a holder of the QR do, for the warning next to it. */
export function permissionGrants(p: MacaroonPermission): string {
  switch (p) {
    case 'admin':
      return 'full control of this node: it can send all its funds, open and close channels';
    case 'invoice':
      return 'creating and reading invoices and new addresses; the wallet cannot spend';
    case 'readonly':
      return 'reading balances, channels and payments; the wallet cannot spend or create invoices';
  }
}
