import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptStream, encryptStream } from '../../../src/main/backup/age';
import { createBackup } from '../../../src/main/backup/create';
import { inspectArchive, restoreArchive } from '../../../src/main/backup/restore';
import { generateIdentity, identityFileText, recipientFromPassphrase } from '../../../src/main/backup/keys';
import { BcmStore } from '../../../src/main/store/bcm-store';
import { cleanup, fakeChannels, PASSPHRASE, populatedStore, tempDir, TEST_LOG_N } from '../../unit/backup/helpers';
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

  it('`age -d -i identity.txt` decrypts a backup encrypted to a backup key: a generated one, and one derived from a passphrase', async () => {
    const store = await populatedStore(join(base, '.bcm'));
    const made = await generateIdentity();
    const identityFile = join(base, 'identity.txt');
    await writeFile(identityFile, identityFileText(made.identity, made.recipient, new Date()), { mode: 0o600 });
    const result = await createBackup({ store, folder: join(base, 'out'), to: { recipient: made.recipient }, appVersion: '0.1.0', channels: fakeChannels() });
    const tarPath = join(base, 'k.tar');
    execFileSync('age', ['-d', '-i', identityFile, '-o', tarPath, result.path]);
    const { manifest } = await inspectArchive(result.path, { identity: made.identity });
    expect(JSON.parse(execFileSync('tar', ['-xOf', tarPath, 'bcm-backup/manifest.json'], { encoding: 'utf8' }))).toEqual(manifest);
    // a derived key: its header carries the salt in a stanza of BCM's own, which age skips
    const derived = await recipientFromPassphrase(PASSPHRASE, TEST_LOG_N);
    const other = await createBackup({ store, folder: join(base, 'out'), to: derived, appVersion: '0.1.0', channels: fakeChannels() });
    expect((await inspectArchive(other.path, { passphrase: PASSPHRASE })).manifest.members).toEqual(manifest.members.map((m) => expect.objectContaining({ path: m.path })));
    const wrong = await generateIdentity();
    await writeFile(join(base, 'wrong.txt'), `${wrong.identity}\n`);
    expect(() => execFileSync('age', ['-d', '-i', join(base, 'wrong.txt'), '-o', join(base, 'w.tar'), result.path], { stdio: 'pipe' })).toThrow(/no identity matched/);
  });

  it('BCM restores an archive that `age -r` encrypted (to a key made by age-keygen)', async () => {
    const store = await populatedStore(join(base, '.bcm'));
    const made = await createBackup({ store, folder: join(base, 'out'), passphrase: PASSPHRASE, logN: TEST_LOG_N, appVersion: '0.1.0', channels: fakeChannels() });
    // the same tar, re-encrypted by Debian's age to a recipient of age-keygen's
    const tarPath = join(base, 'p.tar');
    const opened = await ageWithPassphrase(['-d', '-o', tarPath, made.path], PASSPHRASE);
    expect(opened.code, opened.output).toBe(0);
    const keyFile = join(base, 'age-keygen.txt');
    execFileSync('age-keygen', ['-o', keyFile], { stdio: 'pipe' });
    const recipient = /# public key: (age1\S+)/.exec(await readFile(keyFile, 'utf8'))![1]!;
    const byAge = join(base, 'bcm-backup-byage-20261205T120000Z.age');
    execFileSync('age', ['-r', recipient, '-o', byAge, tarPath]);
    const target = new BcmStore(join(base, 'restored', '.bcm'));
    const report = await restoreArchive({ path: byAge, key: { identity: await readFile(keyFile, 'utf8') }, store: target });
    expect(report.verified).toBe(report.manifest.members.length);
    expect(await readFile(join(base, 'restored', '.bcm', 'datacenters', 'home.json'), 'utf8')).toContain('"endpoint": "home-server"');
    await expect(restoreArchive({ path: byAge, key: { passphrase: PASSPHRASE }, store: target })).rejects.toMatchObject({ message: expect.stringContaining("Restore it with the key's identity") });
  });
});
