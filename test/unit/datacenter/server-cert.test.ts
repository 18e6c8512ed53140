import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateServerCertificate } from '../../../src/main/datacenter/server-cert';
import { secretGenerators } from '../../../src/main/datacenter/components';

describe('generateServerCertificate', () => {
  it('makes a self-signed CA+server certificate naming every address and host, with its P-256 key', async () => {
    const made = await generateServerCertificate({ commonName: 'btcd.home.bcm', ips: ['127.0.0.1', '10.70.4.10'], dnsNames: ['btcd', 'localhost'] });
    const cert = new X509Certificate(made.certPem);
    expect(cert.subject).toContain('CN=btcd.home.bcm');
    expect(cert.ca).toBe(true);
    expect(cert.subjectAltName).toContain('IP Address:10.70.4.10');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.subjectAltName).toContain('DNS:btcd');
    expect(cert.checkIP('10.70.4.10')).toBe('10.70.4.10');
    expect(cert.verify(cert.publicKey)).toBe(true); // self-signed: clients pin it as their root
    const key = createPrivateKey(made.keyPem);
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.checkPrivateKey(key)).toBe(true);
    expect(made.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(made.fingerprint).toBe(cert.fingerprint256.replace(/:/g, '').toLowerCase());
    expect(new Date(made.notAfter).getTime()).toBeGreaterThan(Date.now() + 9 * 365 * 24 * 3600 * 1000);
  });

  it('refuses a host name among the IPs and an empty common name', async () => {
    await expect(generateServerCertificate({ commonName: 'x', ips: ['btcd'], dnsNames: [] })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(generateServerCertificate({ commonName: ' ', ips: [], dnsNames: [] })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('the btcd TLS generator gives both secrets from one pair, covering btcd\'s internal address', async () => {
    const gen = secretGenerators['btcd-rpc-cert']!;
    expect(secretGenerators['btcd-rpc-key']).toBe(gen);
    const out = await gen('home', { gateway: '10.70.4.2', btcd: '10.70.4.10' });
    const cert = new X509Certificate(out['btcd-rpc-cert']!);
    expect(cert.checkIP('10.70.4.10')).toBe('10.70.4.10');
    expect(cert.checkPrivateKey(createPrivateKey(out['btcd-rpc-key']!))).toBe(true);
  });
});
