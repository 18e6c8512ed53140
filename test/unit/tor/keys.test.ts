import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  base32ToBase64,
  checkOnionAddress,
  clientAuthPublicOf,
  generateClientAuthKeyPair,
  generateOnionServiceKey,
  isClientAuthKey,
  onionAddressOf,
} from '../../../src/main/tor/keys';
import { clientAuthSecretName, formatAuthPrivate, parseAuthPrivate } from '../../../src/main/tor/client-auth';

// Public v3 addresses (torproject.org and DuckDuckGo), as published by their owners.
const KNOWN = ['2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid', 'duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad'];

describe('onion keys', () => {
  it('base32-encodes like RFC 4648 (lower case, no padding) and decodes back', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('mzxw6ytboi');
    expect(base32Encode(Buffer.from('f'))).toBe('my');
    expect(base32Decode('MZXW6YTBOI')?.toString()).toBe('foobar');
    expect(base32Decode('mzxw6ytboi======')?.toString()).toBe('foobar');
    expect(base32Decode('not base32!')).toBeUndefined();
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7));
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
  });

  it('accepts real v3 addresses and recomputes their checksum', () => {
    for (const id of KNOWN) {
      expect(checkOnionAddress(`${id}.onion`)).toEqual({ ok: true, serviceId: id });
      const pub = base32Decode(id)?.subarray(0, 32) as Buffer;
      expect(onionAddressOf(pub)).toBe(id);
    }
    expect(checkOnionAddress(` ${KNOWN[0]?.toUpperCase()}.ONION `.replace('.ONION', '.onion'))).toMatchObject({ ok: true });
  });

  it('names what is wrong with a bad address', () => {
    const typo = `${KNOWN[0]?.slice(0, 10)}a${KNOWN[0]?.slice(11)}`;
    expect(checkOnionAddress(typo)).toEqual({ ok: false, reason: expect.stringMatching(/typo/) });
    expect(checkOnionAddress('expyuzz4wqqyqhjn.onion')).toEqual({ ok: false, reason: expect.stringMatching(/56 letters/) });
    expect(checkOnionAddress(`${'a'.repeat(55)}1`)).toMatchObject({ ok: false });
  });

  it('makes x25519 client-auth pairs whose public half can be recomputed', () => {
    const pair = generateClientAuthKeyPair();
    expect(pair.publicKey).toMatch(/^[a-z2-7]{52}$/);
    expect(isClientAuthKey(pair.privateKey)).toBe(true);
    expect(clientAuthPublicOf(pair.privateKey)).toBe(pair.publicKey);
    expect(clientAuthPublicOf(pair.privateKey.toUpperCase())).toBe(pair.publicKey);
    expect(Buffer.from(base32ToBase64(pair.privateKey), 'base64')).toHaveLength(32);
    expect(isClientAuthKey('abc')).toBe(false);
    expect(() => clientAuthPublicOf('abc')).toThrow();
  });

  it('makes onion service keys in the ED25519-V3 form with a valid address', () => {
    const key = generateOnionServiceKey();
    expect(key.privateKey).toMatch(/^ED25519-V3:[A-Za-z0-9+/]{86}==$/);
    const expanded = Buffer.from(key.privateKey.slice('ED25519-V3:'.length), 'base64');
    expect(expanded).toHaveLength(64);
    expect((expanded[0] as number) & 7).toBe(0); // clamped scalar
    expect(((expanded[31] as number) & 0xc0) >>> 6).toBe(1);
    expect(checkOnionAddress(key.serviceId)).toEqual({ ok: true, serviceId: key.serviceId });
    expect(generateOnionServiceKey().serviceId).not.toBe(key.serviceId);
  });

  it("keeps client keys in Tor's .auth_private form", () => {
    const pair = generateClientAuthKeyPair();
    const id = KNOWN[1] as string;
    const text = formatAuthPrivate(id, pair.privateKey);
    expect(text).toBe(`${id}:descriptor:x25519:${pair.privateKey.toUpperCase()}\n`);
    expect(parseAuthPrivate(text)).toEqual({ serviceId: id, privateKey: pair.privateKey.toUpperCase() });
    expect(parseAuthPrivate(`${id}:descriptor:x25519:short`)).toBeUndefined();
    expect(parseAuthPrivate('')).toBeUndefined();
    expect(clientAuthSecretName('home')).toBe('onion-auth-home.auth_private');
  });
});
