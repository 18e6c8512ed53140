import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelWatch, createStoreServices } from '../../../src/main/backup/wiring';
import type { ChannelWatcher } from '../../../src/main/backup/channel-watch';
import type { BackupService } from '../../../src/main/backup/service';
import { namesFor, STORAGE_POOL } from '../../../src/main/datacenter/naming';
import { MonitorService, type PersistedAlerts } from '../../../src/main/monitor/service';
import { ServicesService } from '../../../src/main/services/core/service';
import { BcmStore } from '../../../src/main/store/bcm-store';
import { writeJsonFile } from '../../../src/main/store/json-file';
import { SecretStore } from '../../../src/main/store/secrets';
import { serviceCli } from '../../../src/shared/datacenter/clis';
import type { Alert } from '../../../src/shared/channels/alerts';
import { removeTestDatacenter } from '../../support/remove-datacenter';
import { payFromCoinbase } from '../../support/regtest-funds';
import { harness, regtestSpec, until, type Harness } from '../datacenter/harness';

// Channel events on real lnd (issue 13): a regtest datacenter (gateway, btcd, lnd) deployed by the
// engine, plus a second lnd — the same binary, started by hand in the lnd container with its own
// folder and loopback ports, on the same btcd. The datacenter's lnd opens a channel to it: lnd's
// SubscribeChannelBackups (streamed through the LXD API) triggers a backup encrypted to the backup
// key, and Debian's `age -d -i` opens it. Then the channel is closed cooperatively, a second one
// force-closed, and the monitor raises the channel-closed alert for each, naming channel, peer and kind.
const NAME = `bka${process.pid % 10000}`;
const names = namesFor(NAME);
const PEER_DIR = '/var/lib/bka-peer';
const SCB = '/var/lib/lnd/data/chain/bitcoin/regtest/channel.backup';

const inLnd = (...cmd: string[]): string => execFileSync('lxc', ['exec', '--project', names.project, 'lnd', '--', ...cmd], { encoding: 'utf8', timeout: 120_000 });
const btcctl = (...args: string[]): string =>
  execFileSync('lxc', ['exec', '--project', names.project, 'btcd', '--', '/usr/local/bin/btcctl', '--configfile=/etc/btcd/btcctl.conf', ...args], { encoding: 'utf8', timeout: 60_000 }).trim();
const lncli = (...args: string[]): unknown => JSON.parse(inLnd(...serviceCli('lnd', 'regtest')!.command, ...args)) as unknown;
const peerCli = (...args: string[]): unknown => JSON.parse(inLnd('/usr/local/bin/lncli', `--lnddir=${PEER_DIR}`, '--network=regtest', '--rpcserver=127.0.0.1:10019', ...args)) as unknown;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const scbNow = (): string => sha(execFileSync('lxc', ['file', 'pull', '--project', names.project, `lnd${SCB}`, '-'], { maxBuffer: 64 << 20 }));

/** The second lnd's config: the datacenter lnd's [Btcd] section, its own folder and loopback ports. */
function peerConf(bcmConf: string): string {
  const btcd = bcmConf.slice(bcmConf.indexOf('[Btcd]')).split('\n').filter((l) => l.startsWith('btcd.') || l === '[Btcd]');
  return [
    '[Application Options]',
    `lnddir=${PEER_DIR}`,
    'alias=bka-peer',
    'listen=127.0.0.1:9736',
    'rpclisten=127.0.0.1:10019',
    'restlisten=127.0.0.1:8089',
    'noseedbackup=true',
    '[Bitcoin]',
    'bitcoin.regtest=true',
    'bitcoin.node=btcd',
    ...btcd,
    '',
  ].join('\n');
}

describe('channel events on two real lnd nodes', () => {
  let h: Harness;
  let services: ServicesService;
  let backups: BackupService;
  let watch: ChannelWatcher;
  let stopScheduler: () => void = () => undefined;
  let monitor: MonitorService;
  let work = '';
  let out: string;
  let identityFile: string;
  let peerKey = '';
  let firstPoint = '';
  const raised: Alert[] = [];

  const mine = (n: number) => services.mine(NAME, n);
  const info = (get: () => unknown) => get() as { synced_to_chain: boolean; identity_pubkey: string; block_height: number };
  // the peer by its alias when lnd's graph has its announcement yet, else by its key
  const peerNamed = (rest: string): RegExp => new RegExp(`^${NAME}: channel with (bka-peer|${peerKey.slice(0, 16)}…) ${rest}$`);
  const channelTriggered = async () => (await backups.status(false)).channelTriggers;

  beforeAll(async () => {
    h = await harness();
    await h.service.save(await regtestSpec(NAME, 'local'), false);
    const { done } = await h.service.apply(NAME);
    await done;
    expect(h.service.run(NAME)?.outcome).toBe('succeeded');
    const secrets = new SecretStore(new BcmStore(h.home).dirs);
    services = new ServicesService({ datacenters: h.service, registry: h.registry, secrets });

    // the peer lnd, in the same container (loopback), on the same btcd
    inLnd('mkdir', '-p', PEER_DIR);
    const confDir = await mkdtemp(join(tmpdir(), 'bka-peer-'));
    const conf = join(confDir, 'lnd.conf');
    await writeFile(conf, peerConf(inLnd('cat', '/etc/lnd/lnd.conf')));
    execFileSync('lxc', ['file', 'push', '--project', names.project, conf, `lnd${PEER_DIR}/lnd.conf`]);
    await rm(confDir, { recursive: true, force: true });
    inLnd('systemd-run', '--unit=bka-peer', '/usr/local/bin/lnd', `--configfile=${PEER_DIR}/lnd.conf`);

    // funds for the datacenter's lnd; segwit active; both nodes synced
    await mine(500);
    const address = (lncli('newaddress', 'np2wkh') as { address: string }).address;
    payFromCoinbase(btcctl, 1, address, 49.99);
    await mine(6);
    const synced = (get: () => unknown) =>
      until(async () => {
        try {
          return info(get).synced_to_chain;
        } catch {
          return false;
        }
      }, Boolean, 120_000);
    expect(await synced(() => lncli('getinfo'))).toBe(true);
    expect(await synced(() => peerCli('getinfo'))).toBe(true);
    peerKey = info(() => peerCli('getinfo')).identity_pubkey;
    const funded = await until(async () => Number((lncli('walletbalance') as { confirmed_balance: string }).confirmed_balance), (n) => n > 0, 60_000);
    expect(funded).toBe(4_999_000_000);

    // the backup side, wired as the app wires it, with a generated backup key
    const bcmStore = new BcmStore(h.home);
    await bcmStore.open();
    const store = createStoreServices({ bcmStore, secrets, version: 'test', clientFor: (e) => h.registry.client(e), dropClients: () => undefined });
    stopScheduler = () => store.scheduler.stop();
    backups = store.backups;
    work = await mkdtemp(join(tmpdir(), 'bka-work-'));
    out = join(work, 'archives');
    await backups.updateSettings({ folder: out });
    const key = await backups.generateKey();
    identityFile = join(work, 'identity.txt');
    await writeFile(identityFile, key.fileText, { mode: 0o600 });
    await backups.setKey({ source: 'generated', recipient: key.recipient });
    await backups.updateSettings({ afterChannelChange: true });
    watch = createChannelWatch({ datacenters: h.service, services, backups, scheduler: store.scheduler });
    await watch.reconcile();

    const statePath = join(work, 'alerts.json');
    monitor = new MonitorService({
      datacenters: h.service,
      pool: async (endpoint) => {
        const res = await (await h.registry.client(endpoint)).storagePools.resources(STORAGE_POOL);
        return { usedBytes: res.space.used, totalBytes: res.space.total };
      },
      node: async () => undefined,
      lastBackupAt: async () => null,
      channels: (dc) => services.lndChannelStates(dc),
      load: async () => JSON.parse(await readFile(statePath, 'utf8').catch(() => 'null')) as unknown,
      save: (state: PersistedAlerts) => writeJsonFile(statePath, state),
    });
    monitor.onChanged((_s, r) => raised.push(...r));
  }, 900_000);

  afterAll(async () => {
    watch?.stop();
    stopScheduler();
    monitor?.stop();
    services?.close();
    removeTestDatacenter(names);
    await h?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("subscribes to the datacenter lnd's channel backups through the LXD API; a never-archived one is backed up at once", async () => {
    const watching = await until(async () => watch.view(), (v) => v.some((w) => w.datacenter === NAME && w.state === 'watching'), 60_000);
    expect(watching).toEqual([expect.objectContaining({ datacenter: NAME, state: 'watching' })]);
    expect((await channelTriggered()).watching).toEqual(watching);
    // what changed while nobody listened is caught when the stream opens: here, lnd's static channel backup was never archived
    const first = await until(channelTriggered, (t) => t.last !== null, 90_000);
    expect(first.last).toMatchObject({ datacenters: [NAME] });
    // the monitor's first look is the baseline
    const state = await monitor.check();
    expect(state.active.filter((a) => a.kind === 'channel-closed')).toEqual([]);
  }, 120_000);

  it('opening a channel triggers a backup encrypted to the backup key, which `age -d -i` opens', async () => {
    const before = scbNow();
    const opened = lncli('openchannel', '--node_key', peerKey, '--connect', '127.0.0.1:9736', '--local_amt', '1000000') as { funding_txid: string; output_index?: number };
    firstPoint = `${opened.funding_txid}:${opened.output_index ?? 0}`;
    await mine(6);
    // bounded wait for an archive holding the new static channel backup: lnd's message, the
    // debounce (at most 45 s), then the backup itself; each new archive is opened with `age -d -i`
    const tarPath = join(work, 'backup.tar');
    const member = `bcm-backup/channels/${NAME}/lnd/regtest/channel.backup`;
    let looked = (await channelTriggered()).last?.path;
    const found = await until(
      async () => {
        const t = await channelTriggered();
        if (!t.last || t.last.path === looked) return null;
        looked = t.last.path;
        execFileSync('age', ['-d', '-i', identityFile, '-o', tarPath, t.last.path]);
        return sha(execFileSync('tar', ['-xOf', tarPath, member])) !== before ? t : null;
      },
      (t) => t !== null,
      120_000,
    );
    expect(found?.lastError ?? null).toBeNull();
    expect(found?.last).toMatchObject({ datacenters: [NAME], path: expect.stringContaining(out) });
    expect(execFileSync('tar', ['-tf', tarPath], { encoding: 'utf8' })).toContain(member);
    expect((await backups.status(false)).lastBackup?.trigger).toBe('channel-change');
    const active = await until(async () => lncli('listchannels') as { channels: unknown[] }, (l) => l.channels.length === 1, 60_000);
    expect(active.channels).toHaveLength(1);
    await monitor.check(); // the open channel is what the next look compares with
  }, 300_000);

  it('a cooperative close raises the channel-closed alert naming the channel, the peer and the kind', async () => {
    const [txid, index] = firstPoint.split(':') as [string, string];
    const lastBefore = (await channelTriggered()).last!.at;
    lncli('closechannel', '--funding_txid', txid, '--output_index', index);
    await mine(6);
    await until(async () => lncli('closedchannels') as { channels: unknown[] }, (l) => l.channels.length === 1, 60_000);
    const state = await monitor.check();
    const alert = state.active.find((a) => a.id === `channel-closed:${NAME}:${firstPoint}`);
    expect(alert).toMatchObject({ kind: 'channel-closed', severity: 'warning', title: expect.stringMatching(peerNamed('closed \\(cooperative close\\)')), message: expect.stringContaining(`peer ${peerKey}`) });
    expect(raised.some((a) => a.id === alert?.id)).toBe(true);
    // the close was a channel change too
    const after = await until(channelTriggered, (t) => t.last !== null && t.last.at > lastBefore, 120_000);
    expect(after.last!.at > lastBefore).toBe(true);
  }, 300_000);

  it('a force close is raised as critical as soon as it is pending', async () => {
    const opened = lncli('openchannel', '--node_key', peerKey, '--local_amt', '500000') as { funding_txid: string; output_index?: number };
    const point = `${opened.funding_txid}:${opened.output_index ?? 0}`;
    await mine(6);
    await until(async () => lncli('listchannels') as { channels: unknown[] }, (l) => l.channels.length === 1, 60_000);
    await monitor.check();
    lncli('closechannel', '--force', '--funding_txid', opened.funding_txid, '--output_index', String(opened.output_index ?? 0));
    await mine(1);
    await until(async () => lncli('pendingchannels') as { pending_force_closing_channels: unknown[] }, (p) => p.pending_force_closing_channels.length === 1, 60_000);
    const state = await monitor.check();
    const alert = state.active.find((a) => a.id === `channel-closed:${NAME}:${point}`);
    expect(alert).toMatchObject({ severity: 'critical', title: expect.stringMatching(peerNamed('was force-closed')), message: expect.stringContaining('blocks left') });
  }, 300_000);
});
