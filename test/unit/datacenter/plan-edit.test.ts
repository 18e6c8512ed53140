import { describe, expect, it } from 'vitest';
import { containersOf } from '../../../src/shared/datacenter/catalog';
import { defaultSpec, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { MARK, addressesFor, namesFor } from '../../../src/main/datacenter/naming';
import type { Observed } from '../../../src/main/datacenter/observe';
import { planApply, stepRecords } from '../../../src/main/datacenter/plan';
import { componentOfName } from '../../../src/main/datacenter/plan-removals';
import type { ContainerRecipe } from '../../../src/main/datacenter/recipe';

// Editing a deployed datacenter (issue 12): the plan is a diff against what exists, with removals.

function recipe(name: string): ContainerRecipe {
  const isGateway = name === 'gateway';
  return {
    userData: `#cloud-config\nhostname: ${name}\n`,
    files: [{ path: `/etc/${name}.conf`, content: 'x=1\n', mode: 0o640, uid: 0, gid: 0 }],
    units: [{ name: `${name}.service`, content: '[Service]\n' }],
    artifacts: [],
    volumes: isGateway ? [] : [{ name: 'data', path: `/var/lib/${name}`, uid: 0, gid: 0 }],
    health: { command: ['true'], timeoutS: 10, intervalS: 1, describe: `${name} answers` },
    secrets: [],
  };
}
const recipesOf = (spec: DatacenterSpec) => Object.fromEntries(containersOf(spec).map((c) => [c.name, recipe(c.name)]));

const base: DatacenterSpec = { ...defaultSpec('home', 'local'), bitcoin: { implementation: 'btcd', pruneMiB: 0, txindex: false } };
const withKafka: DatacenterSpec = { ...base, kafka: { enabled: true, brokers: 1 } };
const names = namesFor('home');

/** LXD after `spec` was applied to the end. */
function deployed(spec: DatacenterSpec): Observed {
  const recipes = recipesOf(spec);
  return {
    extensions: ['projects', 'network', 'storage', 'instances', 'network_acl', 'network_bridge_acl'],
    project: { exists: true, datacenter: 'home' },
    networks: [
      { name: names.internalNetwork, datacenter: 'home', cidr: names.internalCidr, usedBy: 3 },
      { name: names.natNetwork, datacenter: 'home', cidr: names.natCidr, usedBy: 1 },
    ],
    isolationDrift: [],
    profiles: ['default', 'bcm-base'],
    volumes: containersOf(spec).flatMap((c) => recipes[c.name]!.volumes.map((v) => `${c.name}-${v.name}`)),
    instances: containersOf(spec).map((c) => {
      const r = stepRecords(c, recipes[c.name]!, spec, {});
      return {
        name: c.name,
        statusCode: 103,
        config: { [MARK.datacenter]: 'home', [MARK.component]: c.component, [`${MARK.step}instance`]: r.instance, [`${MARK.step}config`]: r.config, [`${MARK.step}service`]: r.service },
      };
    }),
    pool: { exists: true, freeBytes: 80 * 1024 ** 3 },
  };
}

const plan = (spec: DatacenterSpec, observed: Observed, deleteData: Parameters<typeof planApply>[0]['deleteData'] = []) =>
  planApply({ spec, observed, recipes: recipesOf(spec), artifactHashes: {}, deleteData });

describe('editing a deployed datacenter', () => {
  it('plans nothing when the settings did not change', () => {
    const p = plan(withKafka, deployed(withKafka));
    expect(p.actions).toEqual([]);
    expect(p.removals).toEqual([]);
  });

  it('turning Kafka off stops and deletes its container and keeps its data unless asked', () => {
    const kept = plan(base, deployed(withKafka));
    expect(kept.actions.map((a) => a.id)).toEqual(['stop-instance:kafka-01', 'delete-instance:kafka-01']);
    expect(kept.removals).toEqual([{ component: 'kafka', title: 'Kafka', containers: ['kafka-01'], volumes: ['kafka-01-data'], deleteData: false }]);
    const gone = plan(base, deployed(withKafka), ['kafka']);
    expect(gone.actions.map((a) => a.id)).toEqual(['stop-instance:kafka-01', 'delete-instance:kafka-01', 'delete-volume:kafka-01-data']);
    expect(gone.removals?.[0]?.deleteData).toBe(true);
  });

  it('offers to delete the data a removed component left behind on an earlier apply', () => {
    const observed = deployed(base);
    observed.volumes.push('kafka-01-data');
    expect(plan(base, observed).actions).toEqual([]);
    expect(plan(base, observed).removals).toEqual([{ component: 'kafka', title: 'Kafka', containers: [], volumes: ['kafka-01-data'], deleteData: false }]);
    expect(plan(base, observed, ['kafka']).actions.map((a) => a.id)).toEqual(['delete-volume:kafka-01-data']);
  });

  it('switching btcd → Bitcoin Core removes btcd before creating bitcoind on the same address', () => {
    const bitcoind: DatacenterSpec = { ...base, bitcoin: { implementation: 'bitcoind', pruneMiB: 0, txindex: false } };
    const ids = plan(bitcoind, deployed(base)).actions.map((a) => a.id);
    expect(ids.indexOf('delete-instance:btcd')).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf('delete-instance:btcd')).toBeLessThan(ids.indexOf('create-instance:bitcoind'));
    expect(ids).toContain('create-volume:bitcoind-data');
    expect(addressesFor(bitcoind).bitcoind).toBe(addressesFor(base).btcd);
  });

  it('leaves alone what BCM did not make, in the project or for another datacenter', () => {
    const observed = deployed(base);
    observed.instances.push({ name: 'kafka-01', statusCode: 103, config: {} }, { name: 'lnd2', statusCode: 103, config: { [MARK.datacenter]: 'other', [MARK.component]: 'lnd' } });
    observed.volumes.push('photos');
    const p = plan(base, observed);
    expect(p.actions).toEqual([]);
    expect(p.removals).toEqual([]);
  });

  it('gives each container the same address whatever else is enabled', () => {
    const full: DatacenterSpec = { ...withKafka, bitcoin: { implementation: 'bitcoind', pruneMiB: 0, txindex: false }, lightning: { lnd: true, clightning: true }, kafka: { enabled: true, brokers: 3 } };
    const noLightning: DatacenterSpec = { ...full, lightning: { lnd: false, clightning: false } };
    const a = addressesFor(full);
    const b = addressesFor(noLightning);
    for (const name of ['gateway', 'bitcoind', 'kafka-01', 'kafka-02', 'kafka-03']) expect(b[name]).toBe(a[name]);
    expect(new Set(Object.values(a)).size).toBe(Object.keys(a).length);
  });

  it('names the component of a container or volume owner', () => {
    expect(componentOfName('kafka-02')).toBe('kafka');
    expect(componentOfName('lnd', 'lnd')).toBe('lnd');
    expect(componentOfName('x', 'btcd')).toBe('btcd');
    expect(componentOfName('photos')).toBeUndefined();
  });
});
