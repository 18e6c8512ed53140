import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extract, extractEntries, sniffFormat } from '../../../src/main/artifacts';
import { releaseLike, tarBuffer, writeTarGz, writeTarXz } from './fixtures';

const hasXz = ((): boolean => {
  try {
    execFileSync('xz', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

describe('extracting what a recipe installs from a release archive', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcmt-art-x-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('tells archives from bare files by their first bytes', async () => {
    await writeTarGz(join(dir, 'a'), releaseLike('x'));
    await writeFile(join(dir, 'b'), await tarBuffer(releaseLike('x')));
    await writeFile(join(dir, 'c'), '#!/bin/sh\n');
    expect(await sniffFormat(join(dir, 'a'))).toBe('tar.gz');
    expect(await sniffFormat(join(dir, 'b'))).toBe('tar');
    expect(await sniffFormat(join(dir, 'c'))).toBe('file');
  });

  it('finds binaries under the release\'s top folder, with the install\'s mode and target', async () => {
    const file = join(dir, 'lnd.tar.gz');
    await writeTarGz(file, releaseLike('lnd-linux-amd64-v0.18.5-beta'));
    const got = await extract(file, [
      { from: 'lnd', to: '/usr/local/bin/lnd', mode: 0o755 },
      { from: 'lncli', to: '/usr/local/bin/lncli', mode: 0o700 },
    ]);
    expect(got.map((e) => [e.archivePath, e.to, e.mode, e.data.toString()])).toEqual([
      ['lnd-linux-amd64-v0.18.5-beta/lnd', '/usr/local/bin/lnd', 0o755, '#!/bin/sh\necho lnd\n'],
      ['lnd-linux-amd64-v0.18.5-beta/lncli', '/usr/local/bin/lncli', 0o700, '#!/bin/sh\necho lncli\n'],
    ]);
  });

  it('the same install list works for a differently named top folder (a local build)', async () => {
    const file = join(dir, 'lnd-local.tar.gz');
    await writeTarGz(file, releaseLike('lnd-linux-amd64-v0.18.5-beta-localbuild'));
    const got = await extract(file, [{ from: 'lnd', to: '/usr/local/bin/lnd', mode: 0o755 }]);
    expect(got).toHaveLength(1);
  });

  it('installs a folder whole, keeping the archive\'s modes, from an archive without a top folder', async () => {
    const file = join(dir, 'cln.tar.gz');
    await writeTarGz(file, [
      { name: 'usr/bin/lightningd', data: 'l', mode: 0o755 },
      { name: 'usr/libexec/c-lightning/', type: 'directory' },
      { name: 'usr/libexec/c-lightning/lightning_channeld', data: 'c', mode: 0o755 },
      { name: 'usr/libexec/c-lightning/plugins/', type: 'directory' },
      { name: 'usr/libexec/c-lightning/plugins/offers.txt', data: 'o', mode: 0o644 },
      { name: 'usr/libexec/c-lightning/plugins/link', type: 'symlink', linkname: 'offers.txt' },
    ]);
    const got = await extract(file, [
      { from: 'usr/bin/lightningd', to: '/usr/local/bin/lightningd', mode: 0o755 },
      { from: 'usr/libexec/c-lightning/', to: '/usr/local/libexec/c-lightning', mode: 0o755 },
    ]);
    expect(got.map((e) => [e.to, e.type, e.mode.toString(8)])).toEqual([
      ['/usr/local/bin/lightningd', 'file', '755'],
      ['/usr/local/libexec/c-lightning', 'directory', '755'],
      ['/usr/local/libexec/c-lightning/lightning_channeld', 'file', '755'],
      ['/usr/local/libexec/c-lightning/plugins', 'directory', '755'],
      ['/usr/local/libexec/c-lightning/plugins/offers.txt', 'file', '644'],
    ]);
  });

  it.skipIf(!hasXz)('reads .tar.xz (Core Lightning\'s format) through xz', async () => {
    const file = join(dir, 'cln.tar.xz');
    await writeTarXz(file, [{ name: 'usr/bin/lightning-cli', data: 'cli', mode: 0o755 }]);
    expect(await sniffFormat(file)).toBe('tar.xz');
    const got = await extract(file, [{ from: 'usr/bin/lightning-cli', to: '/usr/local/bin/lightning-cli', mode: 0o755 }]);
    expect(got[0]?.data.toString()).toBe('cli');
  });

  it('says which files an archive lacks (NOT_FOUND), after reading it through', async () => {
    const file = join(dir, 'lnd.tar.gz');
    await writeTarGz(file, releaseLike('lnd-x'));
    await expect(extract(file, [{ from: 'lnd', to: '/usr/local/bin/lnd', mode: 0o755 }, { from: 'lndx', to: '/x', mode: 0o755 }])).rejects.toMatchObject({
      code: 'NOT_FOUND',
      detail: { missing: ['lndx'] },
    });
  });

  it('a damaged archive is a VALIDATION error, not a crash', async () => {
    const file = join(dir, 'broken.tar.gz');
    const whole = (await import('node:zlib')).gzipSync(await tarBuffer(releaseLike('lnd-x')));
    await writeFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(extract(file, [{ from: 'lnd', to: '/usr/local/bin/lnd', mode: 0o755 }])).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('a bare binary is installed as it is, reporting read progress', async () => {
    const file = join(dir, 'tool');
    await writeFile(file, 'binary');
    const reads: number[] = [];
    const got = await extract(file, [{ from: '', to: '/usr/local/bin/tool', mode: 0o755 }], { onRead: (b) => reads.push(b) });
    expect(got[0]).toMatchObject({ to: '/usr/local/bin/tool', mode: 0o755, size: 6 });
    expect(got[0]?.data.toString()).toBe('binary');
    expect(reads.at(-1)).toBe(6);
  });

  it('streams entries one at a time (an unread entry is drained before the next)', async () => {
    const file = join(dir, 'lnd.tar.gz');
    await writeTarGz(file, releaseLike('lnd-x'));
    const seen: string[] = [];
    for await (const e of extractEntries(file, [{ from: 'lnd', to: '/a', mode: 0o755 }, { from: 'lncli', to: '/b', mode: 0o755 }])) seen.push(e.to);
    expect(seen).toEqual(['/a', '/b']);
  });
});
