// A crafted archive header must not make the app spend gigabytes on scrypt before the passphrase is
// even checked: the work factor is capped (2^20), and refused with a message, in no time.
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { decryptStream, encryptStream, MAX_LOG_N } from '../../../src/main/backup/age';

async function archiveWithLogN(logN: number): Promise<Buffer> {
  const real = await buffer(await encryptStream(Readable.from([Buffer.from('hello')]), 'a long passphrase', 10));
  // the stanza line: "-> scrypt <salt> 10"; the header's MAC can only be checked after the file key is unwrapped
  const text = real.toString('latin1').replace(/^(-> scrypt \S+) 10$/m, `$1 ${logN}`);
  return Buffer.from(text, 'latin1');
}

describe('the scrypt work factor of an archive header', () => {
  it('is refused above 2^20 before any scrypt runs', async () => {
    expect(MAX_LOG_N).toBe(20);
    for (const logN of [21, 22, 30]) {
      await expect(decryptStream(Readable.from([await archiveWithLogN(logN)]), 'a long passphrase', 'The archive')).rejects.toMatchObject({
        code: 'VALIDATION',
        message: expect.stringMatching(new RegExp(`work factor of 2\\^${logN} .* at most 2\\^20`)),
      });
    }
  });

  it('still opens archives of the usual work factor', async () => {
    const ok = await encryptStream(Readable.from([Buffer.from('hello')]), 'a long passphrase', 10);
    const plain = await buffer(await decryptStream(Readable.from([await buffer(ok)]), 'a long passphrase', 'The archive'));
    expect(plain.toString()).toBe('hello');
  });
});
