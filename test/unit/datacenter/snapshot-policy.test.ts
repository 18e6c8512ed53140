import { describe, expect, it } from 'vitest';
import { COPY_LIMIT_GIB, volumesLeftOut } from '../../../src/main/datacenter/snapshots/policy';
import { snapshotAction, withSnapshots } from '../../../src/main/datacenter/snapshots/plan';
import { MARK } from '../../../src/main/datacenter/naming';
import { catalog } from '../../../src/shared/datacenter/catalog';
import { datacenterSpecSchema, type DatacenterSpec } from '../../../src/shared/datacenter/spec';

const spec = (chain: DatacenterSpec['chain'], pruneMiB = 0): DatacenterSpec =>
  datacenterSpecSchema.parse({ schemaVersion: 1, name: 'home', endpoint: 'local', chain, bitcoin: { implementation: 'bitcoind', pruneMiB }, lightning: { lnd: true, clightning: false }, kafka: { enabled: false, brokers: 1 }, logging: false });

describe('what a snapshot leaves out (a pool that copies)', () => {
  it("a node's chain on a dir pool is left out on mainnet, testnet and signet, with the reason and the size", () => {
    for (const chain of ['mainnet', 'testnet', 'signet'] as const) {
      const reason = volumesLeftOut('dir', spec(chain), 'bitcoind');
      expect(catalog.bitcoind.dataGiB(spec(chain))).toBeGreaterThan(COPY_LIMIT_GIB);
      expect(reason).toMatch(new RegExp(`left out \\(up to ${catalog.bitcoind.dataGiB(spec(chain))} GiB on ${chain}\\): on a dir pool LXD would copy it whole`));
    }
  });

  it('everything is taken on regtest, for a pruned node, for lnd, and on copy-on-write pools', () => {
    expect(volumesLeftOut('dir', spec('regtest'), 'bitcoind')).toBeUndefined();
    expect(volumesLeftOut('dir', spec('mainnet', 2048), 'bitcoind')).toBeUndefined(); // 2 GiB of blocks + 10
    expect(volumesLeftOut('dir', spec('mainnet'), 'lnd')).toBeUndefined(); // channel state: what a rollback must bring back
    for (const driver of ['btrfs', 'zfs', 'lvm', 'ceph']) expect(volumesLeftOut(driver, spec('mainnet'), 'bitcoind')).toBeUndefined();
  });

  it('the plan says so in the snapshot step, and only for the component it concerns', () => {
    const deployed = (name: string) => ({ name, statusCode: 103, config: { [MARK.component]: name, [`${MARK.step}service`]: 'abc' } });
    const act = (component: 'bitcoind' | 'lnd') => ({ id: `install-artifact:${component}`, kind: 'install-artifact' as const, component, target: `${component}/${component}`, title: `install ${component}` });
    const out = withSnapshots([act('bitcoind'), act('lnd')], { instances: [deployed('bitcoind'), deployed('lnd')] }, (c) => volumesLeftOut('dir', spec('mainnet'), c));
    expect(out.map((a) => a.id)).toEqual(['snapshot:bitcoind', 'install-artifact:bitcoind', 'snapshot:lnd', 'install-artifact:lnd']);
    expect(out[0]!.detail).toMatch(/^LXD snapshots of bitcoind \(its data volume is left out .*\); if the change fails/);
    expect(out[2]!.detail).toBe(snapshotAction('lnd', ['lnd']).detail);
    expect(out[2]!.detail).toMatch(/LXD snapshots of lnd and its data volumes/);
  });
});
