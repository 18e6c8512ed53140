import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelSweep } from '../../../src/main/backup/channels';
import { BcmStore } from '../../../src/main/store/bcm-store';
import { EndpointStore } from '../../../src/main/store/endpoints-store';
import { SecretStore } from '../../../src/main/store/secrets';

/** Low scrypt cost for tests (archives BCM writes use 18); age accepts any work factor. */
export const TEST_LOG_N = 10;
export const PASSPHRASE = 'correct horse battery staple';

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** A store like a user's: two endpoints, a datacenter spec, secrets, a few commits. */
export async function populatedStore(root: string): Promise<BcmStore> {
  const store = new BcmStore(root);
  await store.open();
  const endpoints = new EndpointStore(store.dirs, store);
  await endpoints.save({ schemaVersion: 1, name: 'local', kind: 'unix', address: '/var/lib/lxd/unix.socket', addedAt: '2026-11-21T00:00:00.000Z' });
  await endpoints.save({
    schemaVersion: 1,
    name: 'home-server',
    kind: 'https',
    address: '192.0.2.10:8443',
    serverFingerprint: 'ab'.repeat(32),
    clientIdentity: 'client',
    addedAt: '2026-11-21T00:00:00.000Z',
  });
  await store.writeJson('datacenters/home.json', { schemaVersion: 1, name: 'home', endpoint: 'home-server', chain: 'regtest' }, 'Add datacenter home (regtest on home-server)');
  const secrets = new SecretStore(store.dirs);
  await secrets.write('client.key', '-----BEGIN PRIVATE KEY-----\nnot a real key\n-----END PRIVATE KEY-----\n');
  await secrets.write('client.crt', '-----BEGIN CERTIFICATE-----\nnot a real cert\n-----END CERTIFICATE-----\n');
  return store;
}

export function fakeChannels(): ChannelSweep {
  const data = Buffer.from('fake lnd static channel backup\n');
  return {
    backups: [
      {
        datacenter: 'home',
        endpoint: 'home-server',
        project: 'bcm-home',
        node: 'lnd',
        implementation: 'lnd',
        network: 'regtest',
        sourcePath: '/var/lib/lnd/data/chain/bitcoin/regtest/channel.backup',
        data,
        sha256: createHash('sha256').update(data).digest('hex'),
      },
    ],
    notes: [],
  };
}

/**
 * path -> sha256 and mode of every file under root (optionally skipping top-level names). With
 * `asRestored`, modes are shown as a restore sets them (folders 0700, files 0600, or 0700 when their
 * owner could run them): a restore never takes modes from the archive.
 */
export async function snapshot(root: string, skip: string[] = [], asRestored = false): Promise<Record<string, string>> {
  const dirMode = (m: number): string => (asRestored ? '700' : (m & 0o777).toString(8));
  const fileMode = (m: number): string => (asRestored ? (m & 0o100 ? '700' : '600') : (m & 0o777).toString(8));
  const out: Record<string, string> = {};
  const visit = async (rel: string) => {
    for (const name of (await readdir(join(root, rel))).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (!rel && skip.includes(name)) continue;
      const st = await stat(join(root, r));
      if (st.isDirectory()) {
        out[`${r}/`] = dirMode(st.mode);
        await visit(r);
      } else out[r] = `${createHash('sha256').update(await readFile(join(root, r))).digest('hex')} ${fileMode(st.mode)}`;
    }
  };
  await visit('');
  return out;
}

export async function cleanup(...dirs: string[]): Promise<void> {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
}
