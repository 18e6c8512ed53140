import { describe, expect, it } from 'vitest';
import { generateClientAuthKeyPair, generateOnionServiceKey } from '../../../src/main/tor/keys';
import { decodePairing, encodePairing, pairingFileName, pairingQrSvg, summarise, type PairingBundle } from '../../../src/main/tor/pairing';
import { onionTargetFor } from '../../../src/main/tor/pairing-export';
import { encodeTrustToken } from '../../../src/main/lxd';

const fp = 'ab'.repeat(32);
function bundle(overrides: Partial<PairingBundle> = {}): PairingBundle {
  return {
    bcmPairing: 1,
    name: 'home',
    onion: `${generateOnionServiceKey().serviceId}.onion`,
    port: 8443,
    clientName: 'laptop',
    clientAuthKey: generateClientAuthKeyPair().privateKey,
    lxdFingerprint: fp,
    trustToken: encodeTrustToken({ clientName: 'bcm-pair-laptop', fingerprint: fp, addresses: ['127.0.0.1:8443'], secret: 's3cret' }),
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const reject = (text: string) => {
  try {
    decodePairing(text);
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('accepted');
};

describe('pairing bundles', () => {
  it('round-trips through the text form and the bare JSON', () => {
    const b = bundle();
    const text = encodePairing(b);
    expect(text).toMatch(/^bcm-pairing:1:[A-Za-z0-9_-]+$/);
    expect(decodePairing(`  ${text}\n`)).toEqual(b);
    // a line-wrapped copy (mail, chat) still reads
    expect(decodePairing(text.replace(/(.{60})/g, '$1\n'))).toEqual(b);
    expect(decodePairing(JSON.stringify(b))).toEqual(b);
    expect(summarise(b)).toMatchObject({ name: 'home', onionAddress: b.onion, port: 8443, hasTrustToken: true, clientName: 'laptop' });
    expect(pairingFileName(b)).toBe('bcm-home-laptop.bcmpair');
  });

  it('says what is wrong with a malformed bundle', () => {
    expect(reject('hello')).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/not a BCM pairing bundle/) });
    const text = encodePairing(bundle());
    expect(reject(text.slice(0, 40) + '!')).toMatchObject({ message: expect.stringMatching(/damaged/) });
    expect(reject(text.slice(0, text.length - 30))).toMatchObject({ message: expect.stringMatching(/damaged/) });
    expect(reject('bcm-pairing:2:abc')).toMatchObject({ message: expect.stringMatching(/newer version/) });
    expect(reject('{"bcmPairing": 1')).toMatchObject({ message: expect.stringMatching(/not valid JSON/) });
    expect(reject(JSON.stringify({ ...bundle(), lxdFingerprint: 'x' }))).toMatchObject({ message: expect.stringMatching(/lxdFingerprint/) });
    const b = bundle();
    const typo = b.onion.slice(0, 5) + (b.onion[5] === 'a' ? 'b' : 'a') + b.onion.slice(6);
    expect(reject(JSON.stringify({ ...b, onion: typo }))).toMatchObject({ message: expect.stringMatching(/typo/) });
    expect(reject(JSON.stringify({ ...b, clientAuthKey: 'abc' }))).toMatchObject({ message: expect.stringMatching(/client key/) });
    const foreign = encodeTrustToken({ clientName: 'x', fingerprint: 'cd'.repeat(32), addresses: ['x:1'], secret: 's' });
    expect(reject(JSON.stringify({ ...b, trustToken: foreign }))).toMatchObject({ message: expect.stringMatching(/different server/) });
    expect(reject(JSON.stringify({ ...b, extra: 1 }))).toMatchObject({ code: 'VALIDATION' });
  });

  it('renders a QR code of the bundle text', async () => {
    const svg = await pairingQrSvg(encodePairing(bundle()));
    expect(svg).toMatch(/^<svg[^>]+viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('<path');
  });
});

describe('onion service target', () => {
  it('forwards to loopback when LXD listens everywhere, else to its address', () => {
    expect(onionTargetFor(':8443')).toBe('127.0.0.1:8443');
    expect(onionTargetFor('[::]:8443')).toBe('127.0.0.1:8443');
    expect(onionTargetFor('0.0.0.0:9443')).toBe('127.0.0.1:9443');
    expect(onionTargetFor('127.0.0.1:8443')).toBe('127.0.0.1:8443');
    expect(onionTargetFor('192.168.1.20')).toBe('192.168.1.20:8443');
    expect(onionTargetFor('[fd00::1]:8443')).toBe('[fd00::1]:8443');
    expect(() => onionTargetFor(undefined)).toThrow(/core.https_address/);
  });
});
