import 'reflect-metadata'; // @peculiar/x509 (tsyringe) needs the Reflect metadata polyfill loaded first
import { createHash, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';
import { BcmError } from '../../shared/errors';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface ServerCertificateInput {
  commonName: string;
  /** IPv4/IPv6 addresses the service is reached at (subjectAltName IP entries) */
  ips: string[];
  /** host names the service is reached at (subjectAltName DNS entries) */
  dnsNames: string[];
  /** validity in days (default ten years: these live inside one datacenter and are replaced with it) */
  days?: number;
}

export interface ServerCertificate {
  /** PEM certificate; self-signed and its own CA, so clients pin it as their root (btcctl --rpccert, lnd btcd.rpccert) */
  certPem: string;
  /** PKCS#8 PEM private key (EC P-256); a secret: store 0600, never log */
  keyPem: string;
  /** lower-case hex SHA-256 of the certificate's DER */
  fingerprint: string;
  notAfter: string;
}

/**
 * A self-signed EC P-256 TLS server certificate for a service inside the datacenter (btcd's RPC,
 * for one), the way btcd's own `gencerts` makes them: CA and server in one, with every address and
 * name the clients use in subjectAltName.
 */
export async function generateServerCertificate(input: ServerCertificateInput): Promise<ServerCertificate> {
  if (!input.commonName.trim()) throw new BcmError('VALIDATION', 'A server certificate needs a common name.');
  for (const ip of input.ips) {
    if (isIP(ip) === 0) throw new BcmError('VALIDATION', `"${ip}" is not an IP address; put host names in dnsNames.`);
  }
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const notBefore = new Date(Date.now() - 5 * 60_000);
  const notAfter = new Date(notBefore.getTime() + (input.days ?? 3652) * 24 * 3600 * 1000);
  const serial = Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)));
  serial[0] = (serial[0] ?? 0) & 0x7f; // positive
  const altNames: Array<{ type: 'ip' | 'dns'; value: string }> = [
    ...input.ips.map((value) => ({ type: 'ip' as const, value })),
    ...input.dnsNames.map((value) => ({ type: 'dns' as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: [{ CN: [input.commonName] }, { O: ['Bitcoin Cache Machine'] }],
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.keyCertSign,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(altNames),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const keyPem = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  const certPem = cert.toString('pem');
  return {
    certPem: certPem.endsWith('\n') ? certPem : `${certPem}\n`,
    keyPem: keyPem.endsWith('\n') ? keyPem : `${keyPem}\n`,
    fingerprint: createHash('sha256').update(new Uint8Array(cert.rawData)).digest('hex'),
    notAfter: notAfter.toISOString(),
  };
}
