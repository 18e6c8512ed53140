import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namesFor } from '../../../src/main/datacenter/naming';
import { ServicesService } from '../../../src/main/services/core/service';
import { layout } from '../../../src/main/store/paths';
import { SecretStore } from '../../../src/main/store/secrets';
import { serviceCli } from '../../../src/shared/datacenter/clis';
import type { DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { rollbackOf } from '../../../src/shared/datacenter/plan';
import { withVersion, type VersionChoice } from '../../../src/shared/datacenter/versions';
import { removeTestDatacenter } from '../../support/remove-datacenter';
import { harness, regtestSpec, testVersions, until, type Harness } from './harness';

// Issue 12 (upgrades) on the real LXD: a regtest datacenter deployed with the OLD local builds of
// lnd (0.18.4-beta) and btcd (0.24.0), with a wallet, mined blocks and an invoice; then each is
// switched to the NEW build (0.18.5-beta, 0.24.2) by the spec, planned and applied like any change:
// healthy on the new version, wallet, invoice and (lnd) chain intact. scripts/build-test-artifacts.sh
// builds both versions from the Go module proxy and lists them in versions.json.
const NAME = `bcm12v${process.pid % 10000}`;
const names = namesFor(NAME);

const lxcExec = (container: string, ...cmd: string[]): string =>
  execFileSync('lxc', ['exec', '--project', names.project, container, '--', ...cmd], { encoding: 'utf8', timeout: 60_000 });
const lncli = (...args: string[]): string => lxcExec('lnd', ...(serviceCli('lnd', 'regtest')?.command ?? []), ...args);
/** `lncli version`: the versions of the lnd daemon (over its RPC) and of lncli itself. */
const lndVersion = (): { lnd: string; lncli: string } => {
  const v = JSON.parse(lncli('version')) as { lnd: { version: string }; lncli: { version: string } };
  return { lnd: v.lnd.version, lncli: v.lncli.version };
};
const btcctl = (...args: string[]): string => lxcExec('btcd', ...(serviceCli('btcd', 'regtest')?.command ?? []), ...args);

describe('upgrading lnd and btcd of a deployed regtest datacenter', () => {
  let h: Harness;
  let services: ServicesService;
  let builds: Awaited<ReturnType<typeof testVersions>>;
  let paymentHash = '';

  const local = (artifact: 'lnd' | 'btcd', version: string): VersionChoice => {
    const b = builds[artifact]?.find((x) => x.version === version);
    if (!b) throw new Error(`versions.json lists no ${artifact} ${version}: run scripts/build-test-artifacts.sh`);
    return { source: 'local', version: b.version, sha256: b.sha256 };
  };

  /** Saves the spec switched to `choice`, checks what the plan touches, applies it. */
  async function switchTo(artifact: 'lnd' | 'btcd', choice: VersionChoice): Promise<string[]> {
    const spec: DatacenterSpec = withVersion(await h.service.get(NAME), artifact, choice);
    await h.service.save(spec, true);
    const plan = await h.service.plan(NAME, 'apply', true);
    expect(plan.blockers).toEqual([]);
    const { done } = await h.service.apply(NAME);
    await done;
    const snap = h.service.run(NAME);
    const failed = Object.entries(snap?.steps ?? {}).find(([, s]) => s.state === 'failed');
    expect(failed?.[1].error?.message ?? null, `failed step ${failed?.[0]}: ${failed?.[1].log.join('\n')}`).toBeNull();
    expect(snap?.outcome).toBe('succeeded');
    return plan.actions.map((a) => a.id);
  }

  beforeAll(async () => {
    builds = await testVersions();
    h = await harness();
    const spec = await regtestSpec(NAME, 'local');
    const old = withVersion(withVersion(spec, 'lnd', local('lnd', '0.18.4-beta-localbuild')), 'btcd', local('btcd', '0.24.0-localbuild'));
    await h.service.save(old, false);
    const { done } = await h.service.apply(NAME);
    await done;
    const snap = h.service.run(NAME);
    const failed = Object.entries(snap?.steps ?? {}).find(([, s]) => s.state === 'failed');
    if (snap?.outcome !== 'succeeded') throw new Error(`the old datacenter did not deploy: ${failed?.[0]}: ${failed?.[1].error?.message}`);
    services = new ServicesService({ datacenters: h.service, registry: h.registry, secrets: new SecretStore(layout(h.home)) });
  }, 900_000);

  afterAll(async () => {
    services?.close();
    removeTestDatacenter(names);
    await h?.close();
  });

  it('runs the old versions, as the versions report and the daemons say', async () => {
    const report = await h.service.versions(NAME);
    expect(report.deployed).toBe(true);
    const lnd = report.components.find((c) => c.artifact === 'lnd');
    expect(lnd?.installed).toEqual([{ container: 'lnd', version: '0.18.4-beta-localbuild' }]);
    expect(lnd?.desired).toMatchObject({ version: '0.18.4-beta-localbuild', source: 'local', pinned: true });
    // the catalog's release and every local build the preseed folder lists, the broken one included
    expect(lnd?.available.map((v) => `${v.source}:${v.version}`)).toEqual([
      'release:0.18.5-beta',
      'local:0.18.4-beta-localbuild',
      'local:0.18.5-beta-localbuild',
      'local:0.18.5-beta-broken',
    ]);
    expect(report.components.find((c) => c.artifact === 'btcd')?.installed).toEqual([{ container: 'btcd', version: '0.24.0-localbuild' }]);
    expect(lndVersion()).toEqual({ lnd: '0.18.4-beta', lncli: '0.18.4-beta' });
    expect(JSON.parse(btcctl('getinfo'))).toMatchObject({ version: 240000 });
  });

  it('mines and takes an invoice on the old lnd', async () => {
    expect(await services.mine(NAME, 5)).toMatchObject({ mined: 5, tip: 5 });
    const ln = await until(() => services.lightning(NAME, 'lnd'), (s) => s.info.ok && s.info.value.blockHeight === 5 && s.info.value.syncedToChain, 60_000);
    expect(ln).toMatchObject({ wallet: { state: 'unlocked' }, info: { ok: true, value: { blockHeight: 5, syncedToChain: true } } });
    const invoice = await services.invoice(NAME, 'lnd', { amountSat: 1200, memo: 'before the upgrade', expirySeconds: 3600 });
    paymentHash = invoice.paymentHash;
    expect(paymentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('upgrades lnd 0.18.4 → 0.18.5: only lnd is touched; healthy, same wallet, invoice and chain', async () => {
    const pubkeyBefore = (JSON.parse(lncli('getinfo')) as { identity_pubkey: string }).identity_pubkey;
    const actions = await switchTo('lnd', local('lnd', '0.18.5-beta-localbuild'));
    expect(actions).toContain('install-artifact:lnd/lnd');
    expect(actions).toContain('wait-healthy:lnd');
    expect(actions.filter((a) => !a.endsWith(':lnd') && !a.includes(':lnd/'))).toEqual([]);

    const status = await h.service.status(NAME);
    // (the gateway is degraded here: no Tor network to reach)
    expect(status.components.map((c) => [c.kind, c.health])).toEqual([['gateway', 'degraded'], ['btcd', 'healthy'], ['lnd', 'healthy']]);
    expect(lndVersion()).toEqual({ lnd: '0.18.5-beta', lncli: '0.18.5-beta' });
    const info = JSON.parse(lncli('getinfo')) as { version: string; identity_pubkey: string; block_height: number };
    expect(info.version).toMatch(/^0\.18\.5-beta/);
    expect(info.identity_pubkey).toBe(pubkeyBefore);
    expect(info.block_height).toBe(5);
    expect(JSON.parse(lncli('lookupinvoice', paymentHash))).toMatchObject({ memo: 'before the upgrade', value: '1200', state: 'OPEN' });
    const ln = await until(() => services.lightning(NAME, 'lnd'), (s) => s.health.state === 'synced', 60_000);
    expect(ln).toMatchObject({ wallet: { state: 'unlocked' }, health: { state: 'synced' }, info: { ok: true, value: { blockHeight: 5 } } });

    const lnd = (await h.service.versions(NAME)).components.find((c) => c.artifact === 'lnd');
    expect(lnd?.installed).toEqual([{ container: 'lnd', version: '0.18.5-beta-localbuild' }]);
    // the install step's own record on the instance (the report falls back to hashes only without it)
    expect(execFileSync('lxc', ['config', 'get', '--project', names.project, 'lnd', 'user.bcm.version.lnd'], { encoding: 'utf8' }).trim()).toBe('0.18.5-beta-localbuild');
    // a second apply has nothing left to do
    expect((await h.service.plan(NAME, 'apply', true)).actions).toEqual([]);
  }, 600_000);

  // btcd itself (0.24.0 and 0.24.2 alike, run by hand outside LXD too) comes back at height 0 after
  // any restart on regtest when its blocks were made by `generate`: the chain height is not a
  // measure of what an upgrade keeps. What BCM keeps is the data volume: its block database and a
  // file written there before the upgrade are still there after it.
  it('upgrades btcd 0.24.0 → 0.24.2: only btcd is touched; its data volume is kept; lnd keeps its wallet', async () => {
    lxcExec('btcd', 'sh', '-c', 'echo kept > /var/lib/btcd/bcm-upgrade-marker');
    const blocksDb = lxcExec('btcd', 'ls', '/var/lib/btcd/data/regtest/blocks_ffldb').trim();
    const pubkeyBefore = (JSON.parse(lncli('getinfo')) as { identity_pubkey: string }).identity_pubkey;
    const actions = await switchTo('btcd', local('btcd', '0.24.2-localbuild'));
    expect(actions).toContain('install-artifact:btcd/btcd');
    expect(actions).toContain('wait-healthy:btcd');
    expect(actions.filter((a) => !a.endsWith(':btcd') && !a.includes(':btcd/'))).toEqual([]);

    expect(JSON.parse(btcctl('getinfo'))).toMatchObject({ version: 240200 });
    expect(lxcExec('btcd', 'cat', '/var/lib/btcd/bcm-upgrade-marker').trim()).toBe('kept');
    expect(lxcExec('btcd', 'ls', '/var/lib/btcd/data/regtest/blocks_ffldb').trim()).toBe(blocksDb);
    const status = await h.service.status(NAME);
    expect(status.components.find((c) => c.kind === 'btcd')?.health).toBe('healthy');
    const ln = await until(() => services.lightning(NAME, 'lnd'), (s) => s.wallet.state === 'unlocked' && s.info.ok, 60_000);
    expect(ln).toMatchObject({ wallet: { state: 'unlocked' }, info: { ok: true, value: { pubkey: pubkeyBefore } } });
    expect(JSON.parse(lncli('lookupinvoice', paymentHash))).toMatchObject({ memo: 'before the upgrade', state: 'OPEN' });
    expect((await h.service.versions(NAME)).components.find((c) => c.artifact === 'btcd')?.installed).toEqual([{ container: 'btcd', version: '0.24.2-localbuild' }]);
  }, 600_000);

  it('rolls lnd back by hand to 0.18.4 (choosing the older version): healthy, same wallet and invoice', async () => {
    const actions = await switchTo('lnd', local('lnd', '0.18.4-beta-localbuild'));
    expect(actions).toContain('install-artifact:lnd/lnd');
    expect(lndVersion()).toEqual({ lnd: '0.18.4-beta', lncli: '0.18.4-beta' });
    const ln = await until(() => services.lightning(NAME, 'lnd'), (s) => s.wallet.state === 'unlocked' && s.info.ok, 60_000);
    expect(ln).toMatchObject({ wallet: { state: 'unlocked' } });
    expect(JSON.parse(lncli('lookupinvoice', paymentHash))).toMatchObject({ memo: 'before the upgrade', state: 'OPEN' });
    expect((await h.service.versions(NAME)).components.find((c) => c.artifact === 'lnd')?.installed).toEqual([{ container: 'lnd', version: '0.18.4-beta-localbuild' }]);
  }, 600_000);
  it('an upgrade to a build that cannot start is rolled back by itself: the old lnd healthy, nothing lost (issue 12)', async () => {
    const before = JSON.parse(lncli('getinfo')) as { identity_pubkey: string; block_height: number };
    await h.service.save(withVersion(await h.service.get(NAME), 'lnd', local('lnd', '0.18.5-beta-broken')), true);
    const ids = (await h.service.plan(NAME, 'apply', true)).actions.map((a) => a.id);
    // snapshot → (stop) install → restart → health gate
    expect(ids.indexOf('snapshot:lnd')).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf('snapshot:lnd')).toBeLessThan(ids.indexOf('install-artifact:lnd/lnd'));
    expect(ids.indexOf('install-artifact:lnd/lnd')).toBeLessThan(ids.indexOf('wait-healthy:lnd'));

    const { done } = await h.service.apply(NAME);
    await done;
    const run = h.service.run(NAME)!;
    expect(run.outcome).toBe('failed');
    // the gate saw the service crash-looping (not the 180 s deadline), and BCM restored the snapshot
    expect(run.error?.message).toMatch(/lnd cannot become healthy: its service keeps exiting/);
    expect(run.error?.message).toMatch(/Rolled back to snapshot bcm-\S+/);
    expect(rollbackOf(run.error)).toMatchObject({ component: 'lnd', healthy: true });
    console.log(`[figure] failed upgrade to a crashing lnd, gate and automatic rollback: ${run.durationMs} ms`);

    expect(lndVersion()).toEqual({ lnd: '0.18.4-beta', lncli: '0.18.4-beta' });
    const after = JSON.parse(lncli('getinfo')) as { identity_pubkey: string; block_height: number };
    expect(after.identity_pubkey).toBe(before.identity_pubkey);
    expect(after.block_height).toBe(before.block_height);
    expect(JSON.parse(lncli('lookupinvoice', paymentHash))).toMatchObject({ memo: 'before the upgrade', state: 'OPEN' });
    expect((await h.service.status(NAME)).components.find((c) => c.kind === 'lnd')?.health).toBe('healthy');
    // the restored instance carries its old records: the version report and the next plan agree
    expect((await h.service.versions(NAME)).components.find((c) => c.artifact === 'lnd')?.installed).toEqual([{ container: 'lnd', version: '0.18.4-beta-localbuild' }]);
    // pinning the working version back plans nothing to install
    await h.service.save(withVersion(await h.service.get(NAME), 'lnd', local('lnd', '0.18.4-beta-localbuild')), true);
    expect((await h.service.plan(NAME, 'apply', true)).actions).toEqual([]);
  }, 600_000);
});
