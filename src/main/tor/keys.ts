import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';

/**
 * Keys of v3 onion services and their client authorisation (rend-spec-v3): base32 without
 * padding, the onion address with its checksum, and x25519 client-auth pairs.
 */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (any case, no padding); undefined when a character is outside the alphabet. */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.toLowerCase().replace(/=+$/, '');
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of clean) {
    const v = ALPHABET.indexOf(c);
    if (v < 0) return undefined;
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function onionChecksum(publicKey: Uint8Array): Buffer {
  return createHash('sha3-256')
    .update(Buffer.concat([Buffer.from('.onion checksum'), publicKey, Buffer.from([3])]))
    .digest()
    .subarray(0, 2);
}

/** The 56-character v3 address (without ".onion") of an ed25519 public key. */
export function onionAddressOf(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new Error('an ed25519 public key is 32 bytes');
  return base32Encode(Buffer.concat([publicKey, onionChecksum(publicKey), Buffer.from([3])]));
}

export type OnionAddressCheck = { ok: true; serviceId: string } | { ok: false; reason: string };

/** Checks "<56 chars>[.onion]" including its version byte and checksum (typos are caught). */
export function checkOnionAddress(input: string): OnionAddressCheck {
  const serviceId = input.trim().toLowerCase().replace(/\.onion$/, '');
  if (!/^[a-z2-7]{56}$/.test(serviceId)) {
    return { ok: false, reason: 'An onion address (v3) is 56 letters a–z and digits 2–7, followed by ".onion".' };
  }
  const raw = base32Decode(serviceId);
  if (!raw || raw.length !== 35) return { ok: false, reason: 'This onion address does not decode to a v3 address.' };
  if (raw[34] !== 3) return { ok: false, reason: 'Only v3 onion addresses are supported.' };
  const expected = onionChecksum(raw.subarray(0, 32));
  if (!expected.equals(raw.subarray(32, 34))) {
    return { ok: false, reason: 'This onion address has a typo: its checksum does not match.' };
  }
  return { ok: true, serviceId };
}

export interface ClientAuthKeyPair {
  /** base32 of the 32 raw bytes: what the service lists (ClientAuthV3=, "descriptor:x25519:") */
  publicKey: string;
  /** base32 of the 32 raw bytes: what the client keeps (".auth_private" files use this form) */
  privateKey: string;
}

function fromBase64Url(text: string | undefined): Buffer {
  if (!text) throw new Error('the JWK has no key material');
  return Buffer.from(text, 'base64url');
}

/** A fresh x25519 pair for one authorised client. */
export function generateClientAuthKeyPair(): ClientAuthKeyPair {
  const { privateKey } = generateKeyPairSync('x25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return { publicKey: base32Encode(fromBase64Url(jwk.x)), privateKey: base32Encode(fromBase64Url(jwk.d)) };
}

/** The public half of a base32 private key (to check a pairing bundle, or to show whose key it is). */
export function clientAuthPublicOf(privateKeyBase32: string): string {
  const d = base32Decode(privateKeyBase32);
  if (!d || d.length !== 32) throw new Error('an x25519 private key is 32 bytes (52 base32 characters)');
  // JWK import needs the public half too; derive it through a PKCS#8 DER wrapper instead.
  const der = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), d]);
  const pub = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({ format: 'jwk' });
  return base32Encode(fromBase64Url(pub.x));
}

export function isClientAuthKey(text: string): boolean {
  if (!/^[a-z2-7]{52}$/i.test(text)) return false;
  return base32Decode(text)?.length === 32;
}

/** ONION_CLIENT_AUTH_ADD takes base64, the bundle carries base32. */
export function base32ToBase64(text: string): string {
  const raw = base32Decode(text);
  if (!raw) throw new Error('not base32');
  return raw.toString('base64');
}

/**
 * A new v3 onion service key, made here (no service is published while it is made): the
 * ED25519-V3 blob ADD_ONION takes is Tor's 64-byte expanded secret key (SHA-512 of the seed,
 * clamped), and the address comes from the public key.
 */
export function generateOnionServiceKey(): { privateKey: string; serviceId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = fromBase64Url(privateKey.export({ format: 'jwk' }).d);
  const pub = fromBase64Url(publicKey.export({ format: 'jwk' }).x);
  const expanded = createHash('sha512').update(seed).digest();
  expanded[0] = (expanded[0] as number) & 248;
  expanded[31] = ((expanded[31] as number) & 127) | 64;
  return { privateKey: `ED25519-V3:${expanded.toString('base64')}`, serviceId: onionAddressOf(pub) };
}
