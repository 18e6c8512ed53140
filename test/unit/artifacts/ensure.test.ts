import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { artifacts as catalog } from '../../../src/shared/datacenter/artifacts';
import { digestAlgorithm } from '../../../src/shared/datacenter/digest';
import { BcmError } from '../../../src/shared/errors';
import { artifactByHash, ensureArtifact, resolveArtifact, sha256File, type ArtifactRef } from '../../../src/main/artifacts';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const PAYLOAD = randomBytes(3 * 1024 * 1024 + 123);
const PAYLOAD_SHA = sha(PAYLOAD);
const PAYLOAD_SHA512 = createHash('sha512').update(PAYLOAD).digest('hex');

/** A release server on 127.0.0.1: /ok serves PAYLOAD slowly in chunks, /broken dies half-way, /gone is 404. */
function startServer(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/gone') {
      res.writeHead(404).end('not here');
      return;
    }
    res.writeHead(200, { 'Content-Length': String(PAYLOAD.length), 'Content-Type': 'application/octet-stream' });
    const half = Math.floor(PAYLOAD.length / 2);
    const chunks = req.url === '/broken' ? [PAYLOAD.subarray(0, half)] : [PAYLOAD.subarray(0, half), PAYLOAD.subarray(half)];
    let i = 0;
    const next = (): void => {
      const chunk = chunks[i++];
      if (!chunk) {
        if (req.url === '/broken') res.socket?.destroy();
        else res.end();
        return;
      }
      res.write(chunk, () => setTimeout(next, 150));
    };
    next();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('ensureArtifact: cache, preseed by hash, verified download', () => {
  let server: Server;
  let base: string;
  let dir: string;
  let cacheDir: string;
  let preseed: string;

  const ref = (over: Partial<ArtifactRef> = {}): ArtifactRef => ({
    name: 'demo',
    version: '1.0',
    sha256: PAYLOAD_SHA,
    url: `${base}/ok`,
    hashSource: 'test',
    install: { kind: 'tar.gz', binaries: [] },
    ...over,
  });

  beforeAll(async () => {
    server = await startServer();
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcmt-art-'));
    cacheDir = join(dir, 'cache');
    preseed = join(dir, 'preseed');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('hashes a file the same as a one-shot SHA-256', async () => {
    await writeFile(join(dir, 'f'), PAYLOAD);
    expect(await sha256File(join(dir, 'f'))).toBe(PAYLOAD_SHA);
  });

  it('downloads with progress, verifies, caches; the next call uses the cache', async () => {
    const progress: Array<[number, number]> = [];
    const first = await ensureArtifact(ref(), { cacheDir, preseedDirs: [], onProgress: (f, b) => progress.push([f, b]) });
    expect(first.source).toBe('download');
    expect((await readFile(first.path)).equals(PAYLOAD)).toBe(true);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.some(([f]) => f > 0 && f < 1)).toBe(true);
    expect(progress.at(-1)).toEqual([1, PAYLOAD.length]);
    const second = await ensureArtifact(ref({ url: `${base}/gone` }), { cacheDir, preseedDirs: [] });
    expect(second).toMatchObject({ source: 'cache', path: first.path });
  });

  it('refuses a download whose hash is not the pin, naming both, and caches nothing', async () => {
    const wrong = 'ab'.repeat(32);
    const err = await ensureArtifact(ref({ sha256: wrong }), { cacheDir, preseedDirs: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BcmError);
    expect(err).toMatchObject({ code: 'CHECKSUM_MISMATCH', detail: { expected: wrong, actual: PAYLOAD_SHA } });
    expect((err as BcmError).message).toContain(wrong);
    expect((err as BcmError).message).toContain(PAYLOAD_SHA);
    expect((err as BcmError).message).toMatch(/again|check the pin/);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('a transfer that dies half-way leaves nothing behind (UNREACHABLE)', async () => {
    const err = await ensureArtifact(ref({ url: `${base}/broken` }), { cacheDir, preseedDirs: [] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNREACHABLE' });
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('an HTTP error is UNREACHABLE with the status', async () => {
    await expect(ensureArtifact(ref({ url: `${base}/gone` }), { cacheDir, preseedDirs: [] })).rejects.toMatchObject({ code: 'UNREACHABLE', detail: { status: 404 } });
  });

  it('cancellation mid-download is CANCELLED and leaves nothing', async () => {
    const ac = new AbortController();
    const p = ensureArtifact(ref(), { cacheDir, preseedDirs: [], signal: ac.signal, onProgress: () => ac.abort() });
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('refuses an unpinned artifact before touching anything (UNPINNED)', async () => {
    const err = await ensureArtifact(ref({ sha256: null }), { cacheDir, preseedDirs: [] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNPINNED' });
    expect((err as BcmError).message).toMatch(/preseed folder/);
    await expect(readdir(cacheDir)).rejects.toThrow();
  });

  it('finds a preseeded file by its hash whatever its name, and copies it into the cache', async () => {
    await mkdir(preseed);
    await writeFile(join(preseed, 'decoy.tar.gz'), randomBytes(1000));
    await writeFile(join(preseed, 'whatever-name'), PAYLOAD);
    const got = await ensureArtifact(ref({ url: null }), { cacheDir, preseedDirs: [join(dir, 'missing'), preseed] });
    expect(got.source).toBe('preseed');
    expect(await sha256File(got.path)).toBe(PAYLOAD_SHA);
    expect(got.path.startsWith(cacheDir)).toBe(true);
  });

  it('a local artifact missing from every preseed folder is NOT_FOUND, naming the folders', async () => {
    const err = await ensureArtifact(ref({ url: null }), { cacheDir, preseedDirs: [preseed] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_FOUND' });
    expect((err as BcmError).message).toContain(preseed);
  });

  it('verifies a SHA-512 pin (what Apache publishes) on download, from the cache and from a preseed folder', async () => {
    const pinned = ref({ sha256: PAYLOAD_SHA512 });
    const got = await ensureArtifact(pinned, { cacheDir, preseedDirs: [] });
    expect(got.source).toBe('download');
    expect(createHash('sha512').update(await readFile(got.path)).digest('hex')).toBe(PAYLOAD_SHA512);
    expect((await ensureArtifact(pinned, { cacheDir, preseedDirs: [] })).source).toBe('cache');
    await rm(cacheDir, { recursive: true });
    await mkdir(preseed);
    await writeFile(join(preseed, 'release.tgz'), PAYLOAD);
    expect((await ensureArtifact({ ...pinned, url: null }, { cacheDir, preseedDirs: [preseed] })).source).toBe('preseed');
  });

  it('a file whose SHA-512 is not the pin is refused, naming SHA-512', async () => {
    const err = await ensureArtifact(ref({ sha256: 'ab'.repeat(64) }), { cacheDir, preseedDirs: [] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CHECKSUM_MISMATCH', detail: { actual: PAYLOAD_SHA512 } });
    expect((err as BcmError).message).toMatch(/has SHA-512 [0-9a-f]{128}, but the pinned SHA-512 is/);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('a cached file that no longer matches is fetched again', async () => {
    const first = await ensureArtifact(ref(), { cacheDir, preseedDirs: [] });
    await writeFile(first.path, Buffer.from('corrupted'));
    const again = await ensureArtifact(ref(), { cacheDir, preseedDirs: [] });
    expect(again.source).toBe('download');
    expect(await sha256File(again.path)).toBe(PAYLOAD_SHA);
  });
});

describe('resolving artifacts', () => {
  it('uses the catalog release, or a spec override that only a preseed folder can supply', () => {
    const release = resolveArtifact('lnd');
    expect(release).toMatchObject({ version: catalog.lnd!.version, sha256: catalog.lnd!.sha256, url: catalog.lnd!.url });
    const local = resolveArtifact('lnd', { lnd: { version: '0.18.5-beta-localbuild', sha256: 'cd'.repeat(32) } });
    expect(local).toMatchObject({ version: '0.18.5-beta-localbuild', sha256: 'cd'.repeat(32), url: null });
    expect(artifactByHash('lnd', catalog.lnd!.sha256!).url).toBe(catalog.lnd!.url);
    expect(artifactByHash('lnd', 'cd'.repeat(32)).url).toBeNull();
    expect(() => resolveArtifact('nope')).toThrow(/no artifact named/);
  });

  it('every catalog artifact has an https URL and its default release is pinned (SHA-256, or SHA-512 where the publisher gives only that)', () => {
    for (const def of Object.values(catalog)) {
      expect(def.url).toMatch(/^https:\/\//);
      expect(def.sha256).toMatch(/^(?:[0-9a-f]{64}|[0-9a-f]{128})$/);
      for (const v of def.versions) {
        if (v.sha256 === null) expect(v.hashSource).toMatch(/^UNPINNED/);
        else expect(v.hashSource).not.toMatch(/UNPINNED/);
      }
    }
    expect(digestAlgorithm(catalog.kafka!.sha256!)).toBe('sha512');
    expect(digestAlgorithm(catalog['core-lightning']!.sha256!)).toBe('sha256');
  });
});
