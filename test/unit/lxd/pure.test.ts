import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  LxdCore,
  backoffDelay,
  createUnixTransport,
  derToPem,
  describeCertificate,
  encodeTrustToken,
  eventsPath,
  fingerprintOfPem,
  formatAddress,
  generateClientIdentity,
  localSocketCandidates,
  normaliseFingerprint,
  parseAddress,
  pemToDer,
} from '../../../src/main/lxd';
import { parseTrustToken } from '../../../src/shared/trust-token';

describe('client identity', () => {
  it('is a self-signed EC P-256 client certificate for ~10 years with a matching key', async () => {
    const id = await generateClientIdentity('bcm@test-host');
    const cert = new X509Certificate(id.certPem);
    expect(cert.subject).toContain('CN=bcm@test-host');
    expect(cert.issuer).toBe(cert.subject); // self-signed: its own key verifies it
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(id.keyPem))).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.2'); // clientAuth
    const years = (Date.parse(cert.validTo) - Date.now()) / (365.25 * 24 * 3600e3);
    expect(years).toBeGreaterThan(9.9);
    expect(years).toBeLessThan(10.1);
    expect(id.fingerprint).toBe(normaliseFingerprint(cert.fingerprint256));
    expect(fingerprintOfPem(id.certPem)).toBe(id.fingerprint);
    expect(describeCertificate(id.certPem)).toMatchObject({ fingerprint: id.fingerprint, subject: 'bcm@test-host' });
    expect(derToPem(pemToDer(id.certPem))).toBe(id.certPem);
    expect(id.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it("normalises fingerprints to LXD's lower-case hex", () => {
    expect(normaliseFingerprint('AB:CD:EF')).toBe('abcdef');
    expect(() => pemToDer('nope')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});

describe('addresses', () => {
  it('parses host:port, [v6]:port and a bare host (port 8443)', () => {
    expect(parseAddress('10.0.0.2:8444')).toEqual({ host: '10.0.0.2', port: 8444 });
    expect(parseAddress('lxd.example')).toEqual({ host: 'lxd.example', port: 8443 });
    expect(parseAddress('https://abc.onion:8443/')).toEqual({ host: 'abc.onion', port: 8443 });
    expect(parseAddress('[fd00::1]:9000')).toEqual({ host: 'fd00::1', port: 9000 });
    expect(formatAddress({ host: 'fd00::1', port: 9000 })).toBe('[fd00::1]:9000');
    for (const bad of ['', 'a b:1', 'host:0', 'host:70000', 'host:port']) {
      expect(() => parseAddress(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    }
  });

  it("lists the socket candidates in lxc's order", () => {
    expect(localSocketCandidates({ LXD_SOCKET: '/x.sock', LXD_DIR: '/d' })).toEqual([
      '/x.sock',
      '/d/unix.socket',
      '/var/lib/lxd/unix.socket',
      '/var/snap/lxd/common/lxd/unix.socket',
    ]);
    expect(localSocketCandidates({})).toEqual(['/var/lib/lxd/unix.socket', '/var/snap/lxd/common/lxd/unix.socket']);
  });
});

describe('URLs, events and tokens', () => {
  it('adds the project, all-projects and query parameters', () => {
    const core = new LxdCore(createUnixTransport('/nonexistent.socket'), { project: 'bcm-a' });
    expect(core.url('/1.0/instances', { query: { recursion: 2 } })).toBe('/1.0/instances?project=bcm-a&recursion=2');
    expect(core.url('/1.0/instances', { project: 'other' })).toBe('/1.0/instances?project=other');
    expect(core.url('/1.0/instances', { allProjects: true })).toBe('/1.0/instances?all-projects=true');
    expect(core.url('/1.0/certificates', { global: true, query: { recursion: 1, x: undefined } })).toBe(
      '/1.0/certificates?recursion=1',
    );
    expect(core.url('/1.0/instances/c/files?path=/a b', {})).toBe('/1.0/instances/c/files?path=/a b&project=bcm-a');
    core.transport.close();
  });

  it('builds the events path and backs off exponentially with a cap', () => {
    expect(eventsPath({ types: ['lifecycle', 'operation'], project: 'p' })).toBe(
      '/1.0/events?type=lifecycle%2Coperation&project=p',
    );
    expect(eventsPath({})).toBe('/1.0/events?all-projects=true');
    const fixed = () => 0.5;
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, 250, 2000, fixed))).toEqual([250, 500, 1000, 2000, 2000]);
    expect(backoffDelay(0, 1000, 5000, () => 0)).toBe(800);
    expect(backoffDelay(0, 1000, 5000, () => 1)).toBe(1200);
  });

  it('encodes a trust token the way lxc prints it', () => {
    const text = encodeTrustToken({
      clientName: 'bcm',
      fingerprint: 'a'.repeat(64),
      addresses: ['10.0.0.2:8443'],
      secret: 's3cret',
    });
    const parsed = parseTrustToken(text);
    expect(parsed).toEqual({
      ok: true,
      token: { clientName: 'bcm', fingerprint: 'a'.repeat(64), addresses: ['10.0.0.2:8443'], secret: 's3cret' },
    });
    expect(JSON.parse(Buffer.from(text, 'base64').toString())).toMatchObject({ expires_at: '0001-01-01T00:00:00Z' });
  });
});
