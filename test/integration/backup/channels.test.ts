import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepChannelBackups } from '../../../src/main/backup/channels';
import { pullChannelBackups } from '../../../src/main/backup/lightning';
import { BackupService } from '../../../src/main/backup/service';
import { createUnixTransport, findLocalSocket, LxdClient } from '../../../src/main/lxd';
import { SecretStore } from '../../../src/main/store/secrets';
import { cleanup, PASSPHRASE, populatedStore, tempDir, TEST_LOG_N } from '../../unit/backup/helpers';

// Real LXD: a busybox container in this test's own project plays the datacenter's `lnd`.
const IMAGE = 'bcm-test-busybox';
const project = `bcmt-bk-${randomBytes(3).toString('hex')}`;
const lxc = (...args: string[]): string => execFileSync('lxc', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
const LND_SCB = '/var/lib/lnd/data/chain/bitcoin/regtest/channel.backup';
const CLN_SCB = '/var/lib/clightning/regtest/emergency.recover';
const CLN_HSM = '/var/lib/clightning/regtest/hsm_secret';

describe('static channel backups pulled through LXD', () => {
  let client: LxdClient;
  let base: string;
  const scb = randomBytes(1500);
  const hsmSecret = randomBytes(32); // Core Lightning's root key: 32 bytes

  /** every folder above a file, as `mkdir -p` would (the busybox image has no /var/lib) */
  async function mkdirs(instance: string, file: string): Promise<void> {
    const parts = file.split('/').slice(1, -1);
    for (let i = 1; i <= parts.length; i++) {
      await client.files.mkdir(instance, `/${parts.slice(0, i).join('/')}`, { project }).catch(() => undefined);
    }
  }

  beforeAll(async () => {
    base = await tempDir('bcm-bk-lxd-');
    const socket = await findLocalSocket();
    if (socket.state !== 'ready' || !socket.socketPath) throw new Error(`LXD is not ready: ${socket.message}`);
    client = new LxdClient(createUnixTransport(socket.socketPath));
    lxc('project', 'create', project, '-c', 'features.images=false', '-c', 'features.profiles=false', '-c', 'features.storage.volumes=false');
    lxc('project', 'set', project, 'user.bcm.test', 'backup integration test (safe to delete)');
    lxc('init', IMAGE, 'lnd', '--project', project);
    lxc('init', IMAGE, 'clightning', '--project', project);
    await mkdirs('lnd', LND_SCB);
    await client.files.push('lnd', LND_SCB, scb, { project, mode: 0o600 });
    await mkdirs('clightning', CLN_SCB);
    await client.files.push('clightning', CLN_SCB, Buffer.from('cln emergency recover'), { project, mode: 0o600 });
    await client.files.push('clightning', CLN_HSM, hsmSecret, { project, mode: 0o400 });
  });

  afterAll(async () => {
    client?.close();
    for (const name of ['lnd', 'clightning']) {
      try {
        lxc('delete', '--force', name, '--project', project);
      } catch {
        // not created
      }
    }
    try {
      lxc('project', 'delete', project);
    } catch {
      // not created
    }
    await cleanup(base);
  });

  it('pulls lnd channel.backup, and CLN emergency.recover with the hsm_secret it needs, from the paths each implementation uses', async () => {
    const pulled = await pullChannelBackups(client, project);
    expect(pulled.map((p) => [p.node, p.network, p.sourcePath])).toEqual([
      ['lnd', 'regtest', LND_SCB],
      ['clightning', 'regtest', CLN_SCB],
      ['clightning', 'regtest', CLN_HSM],
    ]);
    expect(pulled[0]!.data.equals(scb)).toBe(true);
    expect(pulled[2]!.data.equals(hsmSecret)).toBe(true);
  });

  it('a datacenter that is not deployed has no channel state; an unknown endpoint is a note, not a failure', async () => {
    const dir = join(base, 'datacenters');
    execFileSync('mkdir', ['-p', dir]);
    await writeFile(join(dir, 'ghost.json'), JSON.stringify({ name: 'ghost', endpoint: 'local' }));
    await writeFile(join(dir, 'far.json'), JSON.stringify({ name: 'far', endpoint: 'nowhere' }));
    const sweep = await sweepChannelBackups(dir, async (endpoint) => {
      if (endpoint === 'local') return client;
      throw new Error(`no endpoint named ${endpoint}`);
    }, { projectFor: (dc) => (dc === 'ghost' ? `${project}-absent` : project) });
    expect(sweep.backups).toEqual([]);
    expect(sweep.notes).toEqual([expect.stringMatching(/Datacenter far: .*nowhere/)]);
  });

  it('backs up with the channel backups, warns when channel state changes, and restores them for recovery', async () => {
    const store = await populatedStore(join(base, 'store', '.bcm'));
    await store.writeJson('datacenters/home.json', { schemaVersion: 1, name: 'home', endpoint: 'local' }, 'Point datacenter home at local');
    const service = new BackupService({
      store,
      secrets: new SecretStore(store.dirs),
      appVersion: '0.1.0',
      clientFor: async () => client,
      logN: TEST_LOG_N,
      projectFor: () => project,
    });
    expect((await service.checkChannels()).changed.map((c) => `${c.node}:${c.reason}`)).toEqual([
      'lnd:it has never been backed up',
      'clightning:it has never been backed up',
    ]);
    const result = await service.create('job-lxd-1', PASSPHRASE, join(base, 'out'));
    expect(result.channelBackups.map((c) => c.path)).toEqual([
      'bcm-backup/channels/home/lnd/regtest/channel.backup',
      'bcm-backup/channels/home/clightning/regtest/emergency.recover',
      'bcm-backup/channels/home/clightning/regtest/hsm_secret',
    ]);
    expect((await service.checkChannels()).changed).toEqual([]);

    // lnd rewrites its SCB when a channel opens: the app notices
    await client.files.push('lnd', LND_SCB, randomBytes(1600), { project, mode: 0o600 });
    const state = await service.checkChannels();
    expect(state.changed).toEqual([{ datacenter: 'home', node: 'lnd', network: 'regtest', reason: 'its channels changed since the last backup' }]);
    expect((await service.status(false)).channelState?.changed).toHaveLength(1);

    const report = await service.restore('job-lxd-2', result.path, PASSPHRASE);
    const lnd = report.channelBackups.find((c) => c.node === 'lnd')!;
    expect((await readFile(lnd.restoredPath)).equals(scb)).toBe(true);
    const notes = await readFile(join(report.recoveryFolder!, 'RECOVERY.txt'), 'utf8');
    expect(notes).toContain(`lxc file push ${lnd.restoredPath} lnd/tmp/channel.backup --project ${project}`);
    expect(notes).toContain('emergencyrecover');
  });
});
