import { createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, hkdfSync, randomBytes, scrypt as scryptCb, type KeyObject } from 'node:crypto';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient, type Stanza } from 'age-encryption';
import { BcmError } from '../../shared/errors';

/**
 * Backup keys (issue 13): scheduled and channel-triggered backups are encrypted to an age X25519
 * recipient (`age1…`), so nothing on disk can decrypt them. The owner keeps the identity
 * (`AGE-SECRET-KEY-1…`): a new one shown once, or one derived from a passphrase:
 *
 *   secret = scrypt(passphrase, "bcm.backup.x25519.v1" ‖ salt, N = 2^logN, r = 8, p = 1, 32 bytes)
 *
 * used as the X25519 private key (X25519 clamps any 32 bytes). Only the recipient, the salt and
 * logN are kept (config.json); the salt and logN also go into every archive as an extra header
 * stanza `-> bcm-passphrase-x25519 <salt> <logN>` (age ignores stanzas it does not know), so a
 * restore on a new computer needs nothing but the archive and the passphrase.
 */

export const DERIVE_STANZA = 'bcm-passphrase-x25519';
const DERIVE_LABEL = 'bcm.backup.x25519.v1';
/** the work factor of a derivation: age's own for passphrases (256 MiB, about a second) */
export const DERIVE_LOG_N = 18;

/** PKCS#8 DER header of an X25519 private key (RFC 8410); the 32 secret bytes follow */
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

export interface Derivation {
  /** base64 without padding, 16 bytes */
  salt: string;
  logN: number;
}

export function base64NoPad(data: Uint8Array): string {
  return Buffer.from(data).toString('base64').replace(/=+$/, '');
}

function scrypt(passphrase: string, salt: Buffer, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) => {
    scryptCb(passphrase, salt, 32, { N, r: 8, p: 1, maxmem: 128 * 8 * N + 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** The X25519 private key a passphrase and salt give (32 bytes, never written anywhere). */
async function deriveSecret(passphrase: string, derivation: Derivation): Promise<Buffer> {
  const salt = Buffer.from(derivation.salt, 'base64');
  if (salt.length !== 16 || base64NoPad(salt) !== derivation.salt) throw new BcmError('VALIDATION', 'The backup key derivation has an invalid salt.');
  return scrypt(passphrase, Buffer.concat([Buffer.from(DERIVE_LABEL, 'ascii'), salt]), derivation.logN);
}

const pkcs8 = (secret: Buffer): Buffer => Buffer.concat([X25519_PKCS8_PREFIX, secret]);

/** The private key a passphrase gives, for unwrapping (a KeyObject that never leaves this process). */
export async function deriveIdentity(passphrase: string, derivation: Derivation): Promise<KeyObject> {
  return createPrivateKey({ key: pkcs8(await deriveSecret(passphrase, derivation)), format: 'der', type: 'pkcs8' });
}

/** The recipient (age1…) a passphrase gives with a derivation. */
export async function derivedRecipient(passphrase: string, derivation: Derivation): Promise<string> {
  const key = await crypto.subtle.importKey('pkcs8', pkcs8(await deriveSecret(passphrase, derivation)), { name: 'X25519' }, false, ['deriveBits']);
  return identityToRecipient(key);
}

/** A new salt, and the recipient the passphrase gives with it. */
export async function recipientFromPassphrase(passphrase: string, logN = DERIVE_LOG_N): Promise<{ recipient: string; derivation: Derivation }> {
  const derivation = { salt: base64NoPad(randomBytes(16)), logN };
  return { recipient: await derivedRecipient(passphrase, derivation), derivation };
}

const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const X25519_INFO = Buffer.from('age-encryption.org/v1/X25519', 'ascii');

/**
 * age's X25519 unwrap (age-encryption.org/v1, "X25519 recipient stanza") with Node's native
 * X25519, HKDF-SHA-256 and ChaCha20-Poly1305: the file key, or null when no stanza is for this key.
 */
export function unwrapX25519(privateKey: KeyObject, stanzas: readonly Stanza[]): Uint8Array | null {
  const ours = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).subarray(X25519_SPKI_PREFIX.length);
  for (const s of stanzas) {
    if (s.args[0] !== 'X25519') continue;
    const share = Buffer.from(s.args[1] ?? '', 'base64');
    if (s.args.length !== 2 || share.length !== 32 || s.body.length !== 32) throw new Error('invalid X25519 stanza');
    const shared = diffieHellman({ privateKey, publicKey: createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, share]), format: 'der', type: 'spki' }) });
    if (shared.every((b) => b === 0)) throw new Error('invalid X25519 stanza');
    const key = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([share, ours]), X25519_INFO, 32));
    const decipher = createDecipheriv('chacha20-poly1305', key, Buffer.alloc(12), { authTagLength: 16 });
    decipher.setAuthTag(s.body.subarray(16));
    try {
      return Buffer.concat([decipher.update(s.body.subarray(0, 16)), decipher.final()]);
    } catch {
      // another recipient's stanza
    }
  }
  return null;
}

/** A new identity and its recipient (the identity is shown once to its owner and never kept). */
export async function generateIdentity(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

const RECIPIENT = /^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/;

/** An X25519 recipient as age writes it, checked (bech32 and its checksum); the normalised form. */
export function checkRecipient(text: string): string {
  const recipient = text.trim();
  let valid = RECIPIENT.test(recipient);
  if (valid) {
    try {
      new Encrypter().addRecipient(recipient);
    } catch {
      valid = false;
    }
  }
  if (!valid) {
    throw new BcmError('VALIDATION', 'That is not an age X25519 recipient: it starts with age1 and has 62 characters (age-keygen prints it as "Public key: age1…"). Nothing was changed.', {
      issues: [{ path: ['recipient'], message: 'An age1… recipient' }],
    });
  }
  return recipient;
}

/**
 * The identity in what the owner gave: an age identity file (comments and one
 * `AGE-SECRET-KEY-1…` line, as age-keygen or BCM writes it) or the key pasted on its own.
 */
export function parseIdentity(text: string): string {
  const keys = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
  const key = keys.find((l) => /^AGE-SECRET-KEY-1[0-9A-Z]+$/.test(l));
  const problem = key === undefined
    ? keys.some((l) => l.startsWith('AGE-SECRET-KEY-PQ-') || l.startsWith('AGE-PLUGIN-'))
      ? 'BCM backups use X25519 keys (AGE-SECRET-KEY-1…); this is another kind of age key.'
      : 'No AGE-SECRET-KEY-1… line was found. Give the identity file you saved when you set up the backup key, or paste its AGE-SECRET-KEY-1… line.'
    : undefined;
  if (key !== undefined) {
    try {
      new Decrypter().addIdentity(key);
      return key;
    } catch {
      // a typo breaks the bech32 checksum
    }
  }
  throw new BcmError('VALIDATION', `${problem ?? 'The AGE-SECRET-KEY-1… line is damaged (its checksum does not match): check it was copied whole.'} Nothing was changed.`, {
    issues: [{ path: ['identity'], message: 'An AGE-SECRET-KEY-1… identity' }],
  });
}

/** The text of an identity file, the way age-keygen writes one. */
export function identityFileText(identity: string, recipient: string, createdAt: Date): string {
  return [
    `# created: ${createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
    '# BCM backup key: opens scheduled and channel-triggered backups of ~/.bcm',
    `# public key: ${recipient}`,
    identity,
    '',
  ].join('\n');
}
