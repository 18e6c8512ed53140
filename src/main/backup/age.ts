import { freemem } from 'node:os';
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Decrypter, Encrypter, Stanza, type Identity, type Recipient } from 'age-encryption';
import { BcmError } from '../../shared/errors';
import { checkRecipient, DERIVE_STANZA, deriveIdentity, parseIdentity, unwrapX25519, type Derivation } from './keys';

/**
 * The standard age format (age-encryption.org/v1) with a passphrase (scrypt recipient), through
 * the `age-encryption` library, so Debian's `age -d` opens what BCM writes and the other way round.
 *
 * The library streams (web streams, 64 KiB STREAM chunks, each authenticated) but derives the
 * scrypt key with a synchronous pure-JS scrypt, which would block the main process for seconds.
 * The scrypt stanza is wrapped and unwrapped here with Node's native scrypt instead (run on the
 * libuv thread pool); the stanza is byte-for-byte the one the spec defines.
 */

const LABEL = 'age-encryption.org/v1/scrypt';
/** the work factor `age -p` uses; 2^18 * 128 * 8 = 256 MiB of scrypt memory, on the thread pool */
export const DEFAULT_LOG_N = 18;
/**
 * The most a file's header may ask for before its passphrase can be checked: 2^20 is 1 GiB of
 * scrypt memory (age's own default is 2^18; age caps at 2^22, i.e. 4 GiB, which a crafted file
 * could make the app spend on a laptop before saying "wrong passphrase").
 */
export const MAX_LOG_N = 20;

/** scrypt's memory for a work factor: 128 * r(8) * N bytes */
export function scryptBytes(logN: number): number {
  return 128 * 8 * 2 ** logN;
}

function scrypt(passphrase: string, salt: Uint8Array, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) => {
    scryptCb(passphrase, salt, 32, { N, r: 8, p: 1, maxmem: 128 * 8 * N + 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

function labelAndSalt(salt: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(LABEL, 'ascii'), salt]);
}

const ZERO_NONCE = Buffer.alloc(12);

function wrap(key: Buffer, fileKey: Uint8Array): Uint8Array {
  const cipher = createCipheriv('chacha20-poly1305', key, ZERO_NONCE, { authTagLength: 16 });
  return Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
}

function unwrap(key: Buffer, body: Uint8Array): Uint8Array | null {
  if (body.length !== 32) throw new Error('invalid scrypt stanza body');
  const decipher = createDecipheriv('chacha20-poly1305', key, ZERO_NONCE, { authTagLength: 16 });
  decipher.setAuthTag(body.subarray(16));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, 16)), decipher.final()]);
  } catch {
    return null;
  }
}

function base64NoPad(data: Uint8Array): string {
  return Buffer.from(data).toString('base64').replace(/=+$/, '');
}

/** Refuses a work factor a crafted header could use to exhaust memory before any key is checked. */
function checkWorkFactor(logN: number, what: string): void {
  if (logN > MAX_LOG_N) {
    throw new BcmError('VALIDATION', `This archive asks for a scrypt work factor of 2^${logN} (${scryptBytes(logN) / 2 ** 30} GiB of memory) before its ${what} can be checked; BCM accepts at most 2^${MAX_LOG_N}, as its own archives use 2^${DEFAULT_LOG_N}. It was not made by BCM; if you trust it, open it with \`age -d\`. Nothing was changed.`);
  }
  if (scryptBytes(logN) > freemem()) {
    throw new BcmError('VALIDATION', `Opening this archive needs ${Math.ceil(scryptBytes(logN) / 2 ** 20)} MiB of free memory for its ${what} check, and this computer has ${Math.floor(freemem() / 2 ** 20)} MiB free. Close other programs and try again. Nothing was changed.`);
  }
}

export class NativeScryptRecipient implements Recipient {
  constructor(
    private readonly passphrase: string,
    private readonly logN = DEFAULT_LOG_N,
  ) {}

  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(16);
    const key = await scrypt(this.passphrase, labelAndSalt(salt), this.logN);
    return [new Stanza(['scrypt', base64NoPad(salt), String(this.logN)], wrap(key, fileKey))];
  }
}

/** Thrown by unwrapFileKey when the passphrase is wrong; mapped to a clear message below. */
class WrongPassphrase extends Error {}

export class NativeScryptIdentity implements Identity {
  constructor(private readonly passphrase: string) {}

  async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
    const stanza = stanzas.find((s) => s.args[0] === 'scrypt');
    if (!stanza) return null;
    if (stanzas.length !== 1) throw new Error('the scrypt stanza is not the only one in the header');
    const [, saltText, logNText] = stanza.args;
    if (stanza.args.length !== 3 || !saltText || !logNText || !/^[1-9][0-9]*$/.test(logNText)) throw new Error('invalid scrypt stanza');
    const salt = Buffer.from(saltText, 'base64');
    if (salt.length !== 16 || base64NoPad(salt) !== saltText) throw new Error('invalid scrypt stanza');
    const logN = Number(logNText);
    checkWorkFactor(logN, 'passphrase');
    const key = await scrypt(this.passphrase, labelAndSalt(salt), logN);
    const fileKey = unwrap(key, stanza.body);
    if (fileKey === null) throw new WrongPassphrase('wrong passphrase');
    return fileKey;
  }
}

/**
 * A Node stream as a web stream that reads only when the consumer pulls (highWaterMark 0), so
 * memory stays flat whatever the size. (Node 20's Readable.toWeb queues ahead of the consumer.)
 */
export function pullStream(readable: Readable): ReadableStream<Uint8Array> {
  const iterator = readable[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(typeof next.value === 'string' ? Buffer.from(next.value) : new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      },
      async cancel() {
        readable.destroy();
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Where an archive is encrypted to: a passphrase (scrypt), or an age X25519 recipient. */
export type EncryptTo =
  | { passphrase: string; logN?: number }
  /** `derivation`: the recipient comes from a passphrase; its salt goes into the header */
  | { recipient: string; derivation?: Derivation };

/** What opens an archive: a passphrase (scrypt, or a passphrase-derived key), or an age identity. */
export type DecryptWith = { passphrase: string } | { identity: string };

/** Adds the derivation to the header: `-> bcm-passphrase-x25519 <salt> <logN>`, empty body (age skips it). */
class DerivationHint implements Recipient {
  constructor(private readonly derivation: Derivation) {}

  wrapFileKey(): Stanza[] {
    return [new Stanza([DERIVE_STANZA, this.derivation.salt, String(this.derivation.logN)], new Uint8Array(0))];
  }
}

/** A passphrase for an archive encrypted to a recipient derived from it (the salt is in its header). */
export class PassphraseX25519Identity implements Identity {
  constructor(private readonly passphrase: string) {}

  async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
    const hint = stanzas.find((s) => s.args[0] === DERIVE_STANZA);
    if (!hint) return null;
    const [, salt, logNText] = hint.args;
    if (hint.args.length !== 3 || !salt || !logNText || !/^[1-9][0-9]*$/.test(logNText)) throw new Error(`invalid stanza: ${DERIVE_STANZA}`);
    const logN = Number(logNText);
    checkWorkFactor(logN, 'passphrase');
    const fileKey = unwrapX25519(await deriveIdentity(this.passphrase, { salt, logN }), stanzas);
    if (fileKey === null) throw new WrongPassphrase('wrong passphrase');
    return fileKey;
  }
}

/** Notes the kinds of stanzas in a header (for a message that says what would open it); opens nothing. */
class HeaderKinds implements Identity {
  kinds: string[] = [];

  unwrapFileKey(stanzas: Stanza[]): null {
    this.kinds = stanzas.map((s) => s.args[0] ?? '');
    return null;
  }
}

/** Encrypts a byte stream (a passphrase as a string, or an EncryptTo); the result streams too. */
export async function encryptStream(plain: Readable, to: string | EncryptTo, logN = DEFAULT_LOG_N): Promise<Readable> {
  const target: EncryptTo = typeof to === 'string' ? { passphrase: to, logN } : to;
  const encrypter = new Encrypter();
  if ('passphrase' in target) encrypter.addRecipient(new NativeScryptRecipient(target.passphrase, target.logN ?? DEFAULT_LOG_N));
  else {
    encrypter.addRecipient(checkRecipient(target.recipient));
    if (target.derivation) encrypter.addRecipient(new DerivationHint(target.derivation));
  }
  const web = pullStream(plain);
  const out = await encrypter.encrypt(web);
  return Readable.fromWeb(out as unknown as WebReadableStream<Uint8Array>);
}

/**
 * Opens an age file with a passphrase or an identity: the header is checked before this resolves
 * (a wrong key, a file that is not age, or a tampered header is refused here); the payload is
 * authenticated chunk by chunk as it streams, and a truncated file fails at its end.
 */
export async function decryptStream(cipher: Readable, key: string | DecryptWith, what: string): Promise<Readable> {
  const using: DecryptWith = typeof key === 'string' ? { passphrase: key } : key;
  const decrypter = new Decrypter();
  const kinds = new HeaderKinds();
  decrypter.addIdentity(kinds);
  if ('passphrase' in using) {
    decrypter.addIdentity(new NativeScryptIdentity(using.passphrase));
    decrypter.addIdentity(new PassphraseX25519Identity(using.passphrase));
  } else {
    decrypter.addIdentity(parseIdentity(using.identity));
  }
  const web = pullStream(cipher);
  try {
    const out = await decrypter.decrypt(web);
    return Readable.fromWeb(out as unknown as WebReadableStream<Uint8Array>);
  } catch (err) {
    cipher.destroy();
    throw ageError(err, what, { given: 'passphrase' in using ? 'passphrase' : 'identity', kinds: kinds.kinds });
  }
}

/** Maps what the age library throws to a message a person can act on. */
export function ageError(err: unknown, what: string, context: { given: 'passphrase' | 'identity'; kinds: string[] } = { given: 'passphrase', kinds: [] }): BcmError {
  if (err instanceof BcmError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const it = `${what.charAt(0).toLowerCase()}${what.slice(1)}`;
  if (err instanceof WrongPassphrase) {
    return new BcmError('AUTH_FAILED', `The passphrase does not open ${it}. Check it (it is case-sensitive) and try again; nothing was changed.`, { field: 'passphrase' });
  }
  if (/no identity matched/i.test(message)) {
    const { given, kinds } = context;
    if (given === 'passphrase' && kinds.includes('X25519')) {
      return new BcmError('VALIDATION', `${what} is encrypted to a backup key (age1…), the way scheduled and channel-triggered backups are, not with a passphrase. Restore it with the key's identity: the file you saved, or its AGE-SECRET-KEY-1… line. Nothing was changed.`, { field: 'passphrase' });
    }
    if (given === 'identity' && kinds.includes('scrypt')) {
      return new BcmError('VALIDATION', `${what} was made with a passphrase (a one-click backup): enter its passphrase instead of an identity. Nothing was changed.`, { field: 'identity' });
    }
    if (given === 'identity' && kinds.includes('X25519')) {
      const derived = kinds.includes(DERIVE_STANZA) ? ' Its key was derived from a passphrase: enter that passphrase instead.' : '';
      return new BcmError('AUTH_FAILED', `This identity does not open ${it}: the archive was encrypted to another backup key.${derived} Nothing was changed.`, { field: 'identity' });
    }
    return new BcmError('VALIDATION', `${what} is encrypted to age keys BCM does not use: it was not made by BCM. Nothing was changed.`);
  }
  if (/invalid header HMAC|invalid scrypt stanza|invalid stanza|invalid X25519 stanza/i.test(message)) {
    return new BcmError('VALIDATION', `${what} has a damaged or altered header (${message}). It cannot be trusted; use another copy. Nothing was changed.`);
  }
  if (/invalid|version|header|unexpected|EOF|too small|stanza|premature/i.test(message)) {
    return new BcmError('VALIDATION', `${what} is not a readable age archive (${message}). Check that you picked a BCM backup (*.age) and that it was copied whole. Nothing was changed.`);
  }
  return new BcmError('VALIDATION', `${what} could not be decrypted: ${message}. Nothing was changed.`);
}

/** Errors from the payload stream: a flipped byte fails a chunk's tag, a cut file fails at its end. */
export function payloadError(err: unknown, what: string): BcmError {
  if (err instanceof BcmError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/final chunk is empty|invalid tag|tag|auth|decrypt|unsupported state/i.test(message) || /ciphertext/i.test(message)) {
    return new BcmError(
      'VALIDATION',
      `${what} failed its integrity check (${message}): it was altered or cut short after it was written. Nothing was restored from it; use another copy.`,
    );
  }
  return new BcmError('VALIDATION', `${what} could not be read to the end: ${message}. Nothing was restored from it.`);
}

export function constantTimeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
