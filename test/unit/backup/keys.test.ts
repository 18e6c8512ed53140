// Backup keys (issue 13): archives encrypted to an age X25519 recipient, a new identity or one
// derived from a passphrase (scrypt with a stored salt, the salt also in the archive's header).
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { decryptStream, encryptStream, type DecryptWith, type EncryptTo } from '../../../src/main/backup/age';
import { checkRecipient, derivedRecipient, generateIdentity, identityFileText, parseIdentity, recipientFromPassphrase } from '../../../src/main/backup/keys';
import { PASSPHRASE, TEST_LOG_N } from './helpers';

const plain = Buffer.from('bcm-backup tar bytes\n'.repeat(4000));
const seal = async (to: EncryptTo): Promise<Buffer> => buffer(await encryptStream(Readable.from([plain]), to));
const open = async (sealed: Buffer, key: DecryptWith): Promise<Buffer> => buffer(await decryptStream(Readable.from([sealed]), key, 'The archive x.age'));

describe('a recipient derived from a passphrase', () => {
  it('is the same for the same passphrase and salt, another for another salt or passphrase', async () => {
    const a = await recipientFromPassphrase(PASSPHRASE, TEST_LOG_N);
    expect(a.recipient).toMatch(/^age1[a-z0-9]{58}$/);
    expect(a.derivation).toEqual({ salt: expect.stringMatching(/^[A-Za-z0-9+/]{22}$/), logN: TEST_LOG_N });
    expect(await derivedRecipient(PASSPHRASE, a.derivation)).toBe(a.recipient);
    const b = await recipientFromPassphrase(PASSPHRASE, TEST_LOG_N);
    expect(b.derivation.salt).not.toBe(a.derivation.salt);
    expect(b.recipient).not.toBe(a.recipient);
    expect(await derivedRecipient('another passphrase', a.derivation)).not.toBe(a.recipient);
  });

  it('opens with the passphrase alone (the salt travels in the header); a wrong one is named as such', async () => {
    const { recipient, derivation } = await recipientFromPassphrase(PASSPHRASE, TEST_LOG_N);
    const sealed = await seal({ recipient, derivation });
    expect(sealed.toString('latin1')).toContain(`-> bcm-passphrase-x25519 ${derivation.salt} ${TEST_LOG_N}\n`);
    expect((await open(sealed, { passphrase: PASSPHRASE })).equals(plain)).toBe(true);
    await expect(open(sealed, { passphrase: 'not the passphrase' })).rejects.toMatchObject({ code: 'AUTH_FAILED', message: expect.stringContaining('The passphrase does not open the archive x.age') });
  });

  it('refuses a header that asks for a huge work factor before deriving anything', async () => {
    const { recipient, derivation } = await recipientFromPassphrase(PASSPHRASE, TEST_LOG_N);
    const sealed = (await seal({ recipient, derivation })).toString('latin1').replace(` ${TEST_LOG_N}\n`, ' 30\n');
    await expect(open(Buffer.from(sealed, 'latin1'), { passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('work factor of 2^30') });
  });
});

describe('a generated identity', () => {
  it('opens what was encrypted to its recipient, from its file or its key line', async () => {
    const { identity, recipient } = await generateIdentity();
    expect(identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    const sealed = await seal({ recipient });
    const file = identityFileText(identity, recipient, new Date('2026-12-05T20:00:00Z'));
    expect(file).toContain(`# public key: ${recipient}\n${identity}\n`);
    expect((await open(sealed, { identity: file })).equals(plain)).toBe(true);
    expect((await open(sealed, { identity: `  ${identity}  ` })).equals(plain)).toBe(true);
  });

  it('says what would open an archive when the key given does not', async () => {
    const mine = await generateIdentity();
    const other = await generateIdentity();
    const toKey = await seal({ recipient: mine.recipient });
    await expect(open(toKey, { identity: other.identity })).rejects.toMatchObject({ code: 'AUTH_FAILED', message: expect.stringContaining('encrypted to another backup key') });
    await expect(open(toKey, { passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining("Restore it with the key's identity") });
    const withPassphrase = await seal({ passphrase: PASSPHRASE, logN: TEST_LOG_N });
    await expect(open(withPassphrase, { identity: mine.identity })).rejects.toMatchObject({ message: expect.stringContaining('enter its passphrase instead') });
    const derived = await recipientFromPassphrase(PASSPHRASE, TEST_LOG_N);
    await expect(open(await seal(derived), { identity: mine.identity })).rejects.toMatchObject({ message: expect.stringContaining('derived from a passphrase: enter that passphrase') });
  });
});

describe('what the owner types', () => {
  it('checks a recipient (bech32 checksum included)', async () => {
    const { recipient } = await generateIdentity();
    expect(checkRecipient(` ${recipient}\n`)).toBe(recipient);
    const typo = recipient.slice(0, 10) + (recipient[10] === 'q' ? 'p' : 'q') + recipient.slice(11);
    for (const bad of ['', 'age1', typo, recipient.toUpperCase(), 'npub1xyz']) expect(() => checkRecipient(bad), bad).toThrow(/not an age X25519 recipient/);
  });

  it('finds the key in an identity file and says what is wrong otherwise', async () => {
    const { identity, recipient } = await generateIdentity();
    expect(parseIdentity(identityFileText(identity, recipient, new Date()))).toBe(identity);
    expect(() => parseIdentity('# just a comment\n')).toThrow(/No AGE-SECRET-KEY-1… line was found/);
    expect(() => parseIdentity('AGE-SECRET-KEY-PQ-1ABC')).toThrow(/X25519 keys/);
    expect(() => parseIdentity(identity.slice(0, -1) + (identity.endsWith('Q') ? 'P' : 'Q'))).toThrow(/checksum/);
  });
});
