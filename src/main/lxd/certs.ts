import 'reflect-metadata'; // @peculiar/x509 (tsyringe) needs the Reflect metadata polyfill loaded first
import { createHash, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { BcmError } from '../../shared/errors';

/** Certificate helpers: fingerprints as LXD prints them, PEM/DER, and the client identity. */

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface ClientIdentity {
  certPem: string;
  keyPem: string;
  /** lower-case hex SHA-256 of the certificate's DER, as `lxc config trust list` shows it */
  fingerprint: string;
}

export function fingerprintOfDer(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

export function pemToDer(pem: string): Buffer {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  if (!match?.[1]) throw new BcmError('VALIDATION', 'This is not a PEM certificate (no BEGIN CERTIFICATE block).');
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

export function derToPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export function fingerprintOfPem(pem: string): string {
  return fingerprintOfDer(pemToDer(pem));
}

/** Accepts "AB:CD:..." (Node's fingerprint256) or plain hex; returns LXD's lower-case hex form. */
export function normaliseFingerprint(value: string): string {
  return value.replace(/:/g, '').trim().toLowerCase();
}

const TEN_YEARS_MS = 10 * 365.25 * 24 * 3600 * 1000;

/**
 * A self-signed EC P-256 client certificate (~10 years), like the one `lxc` makes on first use.
 * The key is PKCS#8 PEM.
 */
export async function generateClientIdentity(commonName: string): Promise<ClientIdentity> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + TEN_YEARS_MS);
  const serial = Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)));
  serial[0] = (serial[0] ?? 0) & 0x7f; // positive
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: [{ CN: [commonName] }, { O: ['Bitcoin Cache Machine'] }],
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const keyPem = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  const der = new Uint8Array(cert.rawData);
  return {
    certPem: derToPem(der),
    keyPem: keyPem.endsWith('\n') ? keyPem : `${keyPem}\n`,
    fingerprint: fingerprintOfDer(der),
  };
}

export interface CertificateInfo {
  fingerprint: string;
  subject?: string;
  notAfter?: string;
}

/** Reads the fingerprint, subject common name and expiry of a PEM certificate. */
export function describeCertificate(pem: string): CertificateInfo {
  const der = pemToDer(pem);
  const cert = new x509.X509Certificate(der);
  const cn = cert.subjectName.getField('CN')[0];
  const info: CertificateInfo = { fingerprint: fingerprintOfDer(der), notAfter: cert.notAfter.toISOString() };
  if (cn) info.subject = cn;
  return info;
}
