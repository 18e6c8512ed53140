import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptStream, encryptStream } from '../../../src/main/backup/age';
import { createBackup } from '../../../src/main/backup/create';
import { inspectArchive } from '../../../src/main/backup/restore';
import { cleanup, fakeChannels, PASSPHRASE, populatedStore, tempDir } from '../../unit/backup/helpers';
import { ageWithPassphrase } from './age-cli';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe("Debian's age opens BCM archives, and BCM opens age's", () => {
  let base: string;
  beforeEach(async () => {
    base = await tempDir('bcm-bk-age-');
  });
  afterEach(async () => cleanup(base));

  it('`age -d` decrypts a BCM backup (default work factor) into a tar whose members match the manifest', async () => {
    const store = await populatedStore(join(base, '.bcm'));
    const result = await createBackup({ store, folder: join(base, 'out'), passphrase: PASSPHRASE, appVersion: '0.1.0', channels: fakeChannels() });
    const tarPath = join(base, 'archive.tar');
    const age = await ageWithPassphrase(['-d', '-o', tarPath, result.path], PASSPHRASE);
    expect(age.code, age.output).toBe(0);
    const extractDir = join(base, 'x');
    execFileSync('mkdir', ['-p', extractDir]);
    execFileSync('tar', ['-xf', tarPath, '-C', extractDir]);
    const { manifest } = await inspectArchive(result.path, PASSPHRASE);
    expect(JSON.parse(await readFile(join(extractDir, 'bcm-backup', 'manifest.json'), 'utf8'))).toEqual(manifest);
    for (const m of manifest.members) expect(sha(await readFile(join(extractDir, m.path))), m.path).toBe(m.sha256);
  });

  it('`age -d` refuses the wrong passphrase and a flipped byte', async () => {
    const plain = Buffer.from('channel state\n'.repeat(10_000));
    const enc = join(base, 'f.age');
    await writeFile(enc, await encryptStream(Readable.from([plain]), PASSPHRASE, 12));
    const wrong = await ageWithPassphrase(['-d', '-o', join(base, 'wrong.out'), enc], 'not it');
    expect(wrong.code).not.toBe(0);
    expect(wrong.output).toMatch(/incorrect passphrase/);
    const bytes = await readFile(enc);
    bytes[bytes.length - 5000]! ^= 0x40;
    await writeFile(join(base, 'flipped.age'), bytes);
    const flipped = await ageWithPassphrase(['-d', '-o', join(base, 'flipped.out'), join(base, 'flipped.age')], PASSPHRASE);
    expect(flipped.code).not.toBe(0);
  });

  it('BCM decrypts what `age -p` encrypted', async () => {
    const plain = Buffer.from('made by the age command line\n'.repeat(5_000));
    await writeFile(join(base, 'plain.txt'), plain);
    const made = await ageWithPassphrase(['-p', '-o', join(base, 'p.age'), join(base, 'plain.txt')], PASSPHRASE, { prompts: 2 });
    expect(made.code, made.output).toBe(0);
    const { createReadStream } = await import('node:fs');
    const out = await decryptStream(createReadStream(join(base, 'p.age')), PASSPHRASE, 'p.age');
    const chunks: Buffer[] = [];
    for await (const c of out) chunks.push(c as Buffer);
    expect(sha(Buffer.concat(chunks))).toBe(sha(plain));
  });
});
