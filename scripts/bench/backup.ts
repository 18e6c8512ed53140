// npm run bench: backup and restore of a realistic ~/.bcm plus a synthetic member (10 MB and
// 100 MB), with time, throughput and peak memory; and the raw throughput of age encryption alone,
// to see whether the app or the cipher bounds the backup.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decryptStream, encryptStream } from '../../src/main/backup/age';
import { createBackup } from '../../src/main/backup/create';
import { DERIVE_LOG_N, generateIdentity, recipientFromPassphrase } from '../../src/main/backup/keys';
import { restoreArchive } from '../../src/main/backup/restore';
import { BcmStore } from '../../src/main/store/bcm-store';
import { EndpointStore } from '../../src/main/store/endpoints-store';
import { SecretStore } from '../../src/main/store/secrets';

const MB = 1024 * 1024;
const PASS = 'benchmark passphrase, long enough';

/** Samples RSS every 10 ms while `work` runs; returns its time and the peak above the start. */
async function measure<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakMB: number }> {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t0 = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, seconds: (performance.now() - t0) / 1000, peakMB: (peak - start) / MB };
  } finally {
    clearInterval(timer);
  }
}

async function realisticStore(root: string, syntheticBytes: number): Promise<BcmStore> {
  const store = new BcmStore(root);
  await store.open();
  const endpoints = new EndpointStore(store.dirs, store);
  for (let i = 0; i < 20; i++) {
    await endpoints.save({ schemaVersion: 1, name: `server-${i}`, kind: 'https', address: `192.0.2.${i}:8443`, serverFingerprint: randomBytes(32).toString('hex'), serverCertificate: `-----BEGIN CERTIFICATE-----\n${randomBytes(600).toString('base64')}\n-----END CERTIFICATE-----\n`, clientIdentity: 'client', addedAt: new Date().toISOString() });
  }
  for (let i = 0; i < 5; i++) await store.writeJson(`datacenters/dc-${i}.json`, { schemaVersion: 1, name: `dc-${i}`, endpoint: `server-${i}`, chain: 'regtest', padding: randomBytes(2000).toString('hex') }, `Add datacenter dc-${i}`);
  for (let i = 0; i < 5; i++) await store.writeJson(`runtime/dc-${i}/cloud-init.yaml`, { config: randomBytes(8000).toString('base64') }, `Generate cloud-init for dc-${i}`);
  const secrets = new SecretStore(store.dirs);
  for (let i = 0; i < 10; i++) await secrets.write(`onion-${i}.key`, randomBytes(64).toString('base64'));
  // the synthetic member: random (incompressible) bytes, written in chunks
  const out = createWriteStream(join(root, 'runtime', 'synthetic.bin'));
  await pipeline(Readable.from((function* () { for (let left = syntheticBytes; left > 0; left -= MB) yield randomBytes(Math.min(MB, left)); })()), out);
  return store;
}

const sink = () => new Writable({ write: (_c, _e, done) => done() });

async function main(): Promise<void> {
  const base = await mkdtemp(join(tmpdir(), 'bcm-bench-backup-'));
  try {
    // the cipher alone: 100 MB through age-encryption's STREAM (scrypt excluded: low work factor)
    const raw = join(base, 'raw.bin');
    await writeFile(raw, randomBytes(100 * MB));
    const enc = await measure(async () => pipeline(await encryptStream(createReadStream(raw), PASS, 10), createWriteStream(join(base, 'raw.age'))));
    const dec = await measure(async () => pipeline(await decryptStream(createReadStream(join(base, 'raw.age')), PASS, 'raw.age'), sink()));
    console.log(`age-encryption alone, 100 MB: encrypt ${(100 / enc.seconds).toFixed(0)} MB/s, decrypt ${(100 / dec.seconds).toFixed(0)} MB/s (peak +${enc.peakMB.toFixed(0)} / +${dec.peakMB.toFixed(0)} MB RSS)`);
    // a backup key (issue 13): X25519 to a recipient, and a key derived from a passphrase (scrypt 2^18)
    const key = await generateIdentity();
    const toKey = await measure(async () => pipeline(await encryptStream(createReadStream(raw), { recipient: key.recipient }), createWriteStream(join(base, 'key.age'))));
    const fromKey = await measure(async () => pipeline(await decryptStream(createReadStream(join(base, 'key.age')), { identity: key.identity }, 'key.age'), sink()));
    const derive = await measure(() => recipientFromPassphrase(PASS, DERIVE_LOG_N));
    console.log(`backup key, 100 MB: encrypt to an age1 recipient ${(100 / toKey.seconds).toFixed(0)} MB/s, decrypt with its identity ${(100 / fromKey.seconds).toFixed(0)} MB/s; deriving the key from a passphrase (scrypt 2^${DERIVE_LOG_N}) ${derive.seconds.toFixed(2)} s, peak +${derive.peakMB.toFixed(0)} MB RSS`);
    await rm(raw);

    for (const size of [10, 100]) {
      for (const logN of [10, 18]) {
        const root = join(base, `home-${size}-${logN}`, '.bcm');
        const store = await realisticStore(root, size * MB);
        const backup = await measure(() => createBackup({ store, folder: join(base, `out-${size}-${logN}`), passphrase: PASS, appVersion: 'bench', channels: { backups: [], notes: [] }, logN }));
        const restore = await measure(() => restoreArchive({ path: backup.result.path, passphrase: PASS, store }));
        const mb = backup.result.bytes / MB;
        console.log(
          `~/.bcm (20 endpoints, 5 datacenters, 10 secrets, ${backup.result.members - 1} members) + ${size} MB member, scrypt 2^${logN}: ` +
            `backup ${backup.seconds.toFixed(2)} s (${(mb / backup.seconds).toFixed(0)} MB/s, peak +${backup.peakMB.toFixed(0)} MB RSS), ` +
            `restore ${restore.seconds.toFixed(2)} s (${(mb / restore.seconds).toFixed(0)} MB/s, peak +${restore.peakMB.toFixed(0)} MB RSS)`,
        );
        await rm(join(base, `home-${size}-${logN}`), { recursive: true, force: true });
        await rm(join(base, `out-${size}-${logN}`), { recursive: true, force: true });
      }
    }
    console.log('(scrypt 2^18 is what BCM writes, as `age -p` does: 256 MiB of scrypt memory on the thread pool, freed after the header; 2^10 isolates the streaming.)');
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

await main();
