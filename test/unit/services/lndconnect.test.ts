import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { generateServerCertificate } from '../../../src/main/datacenter/server-cert';
import { generateClientAuthKeyPair, generateOnionServiceKey } from '../../../src/main/tor/keys';
import { pairingQrSvg } from '../../../src/main/tor/pairing';
import {
  buildLndConnect,
  derToPem,
  parseLndConnect,
  parseTorClientAuthLine,
  pemToDer,
  permissionGrants,
  torClientAuthLine,
} from '../../../src/shared/services/lndconnect';

const onion = `${generateOnionServiceKey().serviceId}.onion`;
// a macaroon's size and bytes are not what is tested: 250 bytes with every value, as lnd's have
const macaroon = Uint8Array.from({ length: 250 }, (_, i) => (i * 37) % 256);

/** The dark modules of qrcode's SVG (`M<x> <y>.5h<n>` runs on the "#000000" path) as rows of booleans. */
function svgModules(svg: string): boolean[][] {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1] ?? '';
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  let x = 0;
  let y = 0;
  for (const [, op, a, b] of d.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (op === 'M') [x, y] = [Number(a), Number(b) - 0.5];
    else if (op === 'm') [x, y] = [x + Number(a), y + Number(b)];
    else {
      for (let i = 0; i < Number(a); i++) grid[y]![x + i] = true;
      x += Number(a);
    }
  }
  return grid;
}

describe('lndconnect URIs', () => {
  it('carries the onion host, lnd’s certificate as base64url DER and the macaroon as base64url, and reads back', async () => {
    const cert = await generateServerCertificate({ commonName: 'lnd', ips: ['10.70.4.11'], dnsNames: ['lnd', onion] });
    const der = pemToDer(cert.certPem);
    const uri = buildLndConnect({ host: onion, port: 8080, certDer: der, macaroon });
    expect(uri).toMatch(new RegExp(`^lndconnect://${onion}:8080\\?cert=[A-Za-z0-9_-]+&macaroon=[A-Za-z0-9_-]+$`));
    // base64url without padding: no '+', '/' or '=' inside the values
    expect(uri.slice(uri.indexOf('?') + 1).replace('cert=', '').replace('&macaroon=', '')).not.toMatch(/[=+/]/);
    const back = parseLndConnect(uri);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.value.host).toBe(onion);
    expect(back.value.port).toBe(8080);
    expect(Buffer.from(back.value.macaroon)).toEqual(Buffer.from(macaroon));
    expect(Buffer.from(back.value.certDer)).toEqual(Buffer.from(der));
    // the PEM a wallet rebuilds is the certificate lnd serves
    expect(derToPem(back.value.certDer).replace(/\s+/g, '')).toBe(cert.certPem.replace(/\s+/g, ''));
    expect(Buffer.from(der).toString('base64url')).toBe(new URL(uri.replace(/^lndconnect:/, 'http:')).searchParams.get('cert'));
  });

  it('refuses what is not an lndconnect URI, with the reason', () => {
    expect(parseLndConnect('https://x.onion:8080')).toMatchObject({ ok: false, reason: expect.stringMatching(/lndconnect/) });
    expect(parseLndConnect(`lndconnect://${onion}:8080?cert=abc`)).toMatchObject({ ok: false, reason: expect.stringMatching(/macaroon/) });
    expect(parseLndConnect(`lndconnect://${onion}:8080?cert=a+b&macaroon=AAAA`)).toMatchObject({ ok: false, reason: expect.stringMatching(/cert/) });
    expect(parseLndConnect(`lndconnect://${onion}:70000?macaroon=AAAA`)).toMatchObject({ ok: false, reason: expect.stringMatching(/port/) });
    expect(() => buildLndConnect({ host: 'a b', port: 8080, certDer: new Uint8Array(), macaroon })).toThrow(/host/);
    expect(() => buildLndConnect({ host: onion, port: 0, certDer: new Uint8Array(), macaroon })).toThrow(/port/);
  });

  it('takes a URI without cert (a wallet then trusts a CA)', () => {
    const r = parseLndConnect(`lndconnect://${onion}:10009?macaroon=AQID`);
    expect(r.ok && Array.from(r.value.macaroon)).toEqual([1, 2, 3]);
    expect(r.ok && r.value.certDer.length).toBe(0);
  });
});

describe('the Tor client-authorisation line for the phone', () => {
  it('is Tor’s .auth_private form: <address>:descriptor:x25519:<KEY>', () => {
    const { privateKey } = generateClientAuthKeyPair();
    const line = torClientAuthLine(onion, privateKey.toLowerCase());
    expect(line).toBe(`${onion.replace('.onion', '')}:descriptor:x25519:${privateKey.toUpperCase()}`);
    expect(parseTorClientAuthLine(line)).toEqual({ onion, privateKey: privateKey.toUpperCase() });
    expect(parseTorClientAuthLine(`${onion}:descriptor:x25519:${privateKey}`)?.onion).toBe(onion);
    expect(() => torClientAuthLine('example.com', privateKey)).toThrow(/onion/);
    expect(() => torClientAuthLine(onion, 'short')).toThrow(/52/);
    expect(parseTorClientAuthLine('nonsense')).toBeUndefined();
  });
});

describe('the QR payload', () => {
  it('is exactly the URI, and a QR code of lnd’s real sizes stays scannable (at most version 40 at level M)', async () => {
    const cert = await generateServerCertificate({ commonName: 'lnd', ips: ['10.70.4.11', '127.0.0.1'], dnsNames: ['lnd', 'localhost', onion] });
    const uri = buildLndConnect({ host: onion, port: 8080, certDer: pemToDer(cert.certPem), macaroon });
    const qr = QRCode.create(uri, { errorCorrectionLevel: 'M' });
    expect(qr.version).toBeLessThanOrEqual(40);
    expect(qr.segments.map((s) => Buffer.from(s.data as unknown as Uint8Array).toString('utf8')).join('')).toBe(uri);
    // the SVG the card shows draws that code's modules, quiet zone of 2 around it
    const svg = await pairingQrSvg(uri);
    const drawn = svgModules(svg);
    const size = qr.modules.size;
    expect(drawn.length).toBe(size + 4);
    for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) expect(drawn[r + 2]![c + 2], `module ${r},${c}`).toBe(qr.modules.get(r, c) === 1);
  });

  it('says what each permission grants', () => {
    expect(permissionGrants('admin')).toMatch(/send all its funds/);
    expect(permissionGrants('invoice')).toMatch(/cannot spend/);
    expect(permissionGrants('readonly')).toMatch(/cannot spend or create invoices/);
  });
});
