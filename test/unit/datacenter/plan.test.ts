import { describe, expect, it } from 'vitest';
import { containersOf, enabledComponents, estimate } from '../../../src/shared/datacenter/catalog';
import { datacenterSpecSchema, defaultSpec, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { MARK, addressesFor, namesFor } from '../../../src/main/datacenter/naming';
import type { Observed } from '../../../src/main/datacenter/observe';
import { planApply, planDown, stepRecords } from '../../../src/main/datacenter/plan';
import type { ContainerRecipe } from '../../../src/main/datacenter/recipe';

const spec: DatacenterSpec = { ...defaultSpec('home', 'local'), bitcoin: { implementation: 'btcd', pruneMiB: 0, txindex: false } };

/** A recipe shaped like the real ones: one artifact, config, one unit, a volume for data. */
function recipe(name: string): ContainerRecipe {
  const isGateway = name === 'gateway';
  return {
    userData: `#cloud-config\nhostname: ${name}\n`,
    files: [{ path: `/etc/${name}/${name}.conf`, content: `listen=0.0.0.0\n`, mode: 0o640, uid: 0, gid: 0 }],
    units: [{ name: `${name}.service`, content: `[Service]\nExecStart=/usr/local/bin/${name}\n` }],
    artifacts: isGateway ? [] : [{ artifact: name, installs: [{ from: name, to: `/usr/local/bin/${name}`, mode: 0o755 }] }],
    volumes: isGateway ? [] : [{ name: 'data', path: `/var/lib/${name}`, uid: 0, gid: 0 }],
    health: { command: ['true'], timeoutS: 10, intervalS: 1, describe: `${name} answers` },
    secrets: [],
  };
}
const recipes = Object.fromEntries(containersOf(spec).map((c) => [c.name, recipe(c.name)]));
const artifactHashes = { btcd: 'a'.repeat(64), lnd: 'b'.repeat(64) };
const names = namesFor('home');

const empty: Observed = {
  extensions: ['projects', 'network', 'storage', 'instances', 'network_acl', 'network_bridge_acl'],
  project: { exists: false },
  networks: [{ name: 'lxdbr0', cidr: '10.171.93.1/24', usedBy: 3 }],
  profiles: [],
  volumes: [],
  instances: [],
  pool: { exists: true, freeBytes: 80 * 1024 ** 3 },
};

/** What LXD looks like after every step of a plan has run. */
function converged(): Observed {
  const instances = containersOf(spec).map((c) => {
    const r = stepRecords(c, recipes[c.name]!, spec, artifactHashes);
    const config: Record<string, string> = {
      [MARK.datacenter]: 'home',
      [MARK.component]: c.component,
      [`${MARK.step}instance`]: r.instance,
      [`${MARK.step}config`]: r.config,
      [`${MARK.step}service`]: r.service,
    };
    for (const [a, h] of Object.entries(r.artifacts)) config[`${MARK.step}artifact.${a}`] = h;
    return { name: c.name, statusCode: 103, config };
  });
  return {
    ...empty,
    project: { exists: true, datacenter: 'home' },
    networks: [...empty.networks, { name: names.internalNetwork, datacenter: 'home', cidr: names.internalCidr, usedBy: 3 }, { name: names.natNetwork, datacenter: 'home', cidr: names.natCidr, usedBy: 1 }],
    profiles: ['default', 'bcm-base'],
    volumes: ['btcd-data', 'lnd-data'],
    instances,
    isolationDrift: [],
  };
}

describe('the catalog', () => {
  it('orders components by dependency and sizes the regtest datacenter', () => {
    expect(enabledComponents(spec)).toEqual(['gateway', 'btcd', 'lnd']);
    const full = datacenterSpecSchema.parse({ ...spec, bitcoin: { implementation: 'bitcoind' }, lightning: { lnd: true, clightning: true }, kafka: { enabled: true, brokers: 3 }, logging: true });
    expect(enabledComponents(full)).toEqual(['gateway', 'bitcoind', 'lnd', 'clightning', 'kafka', 'logging']);
    expect(containersOf(full).map((c) => c.name)).toEqual(['gateway', 'bitcoind', 'lnd', 'clightning', 'kafka-01', 'kafka-02', 'kafka-03']);
    expect(estimate(spec).diskGiB).toBeLessThan(estimate({ ...spec, chain: 'mainnet' }).diskGiB);
    expect(estimate({ ...spec, chain: 'mainnet' }).diskGiB).toBeGreaterThan(700);
  });

  it('refuses specs that cannot work, with the reason at the field', () => {
    const bad = datacenterSpecSchema.safeParse({ ...spec, logging: true });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['logging'], message: expect.stringMatching(/needs Kafka/) });
    expect(datacenterSpecSchema.safeParse({ ...spec, lightning: { lnd: false, clightning: true } }).error?.issues[0]?.message).toMatch(/Bitcoin Core/);
    expect(datacenterSpecSchema.safeParse({ ...spec, name: 'Bad Name' }).success).toBe(false);
  });

  it('gives each datacenter its own bridges, subnets and fixed addresses', () => {
    expect(names.internalNetwork).toMatch(/^bcm[0-9a-f]{8}i$/);
    expect(names.internalNetwork.length).toBeLessThanOrEqual(15);
    expect(namesFor('other').internalCidr).not.toBe(names.internalCidr);
    const addresses = addressesFor(spec);
    expect(addresses.gateway).toBe(names.internalCidr.replace(/\.1\/24$/, '.2'));
    expect(new Set(Object.values(addresses)).size).toBe(3);
  });
});

describe('planApply', () => {
  it('plans everything, in order, on an empty server', () => {
    const plan = planApply({ spec, observed: empty, recipes, artifactHashes });
    expect(plan.blockers).toEqual([]);
    expect(plan.actions.slice(0, 4).map((a) => a.kind)).toEqual(['create-project', 'create-network', 'create-network', 'create-profile']);
    const btcd = plan.actions.filter((a) => a.component === 'btcd').map((a) => a.kind);
    expect(btcd).toEqual(['create-volume', 'create-instance', 'start-instance', 'install-artifact', 'write-config', 'enable-service', 'wait-healthy']);
    const order = plan.actions.filter((a) => a.kind === 'create-instance').map((a) => a.target);
    expect(order).toEqual(['gateway', 'btcd', 'lnd']);
    expect(plan.actions.find((a) => a.id === 'create-instance:btcd')?.title).toMatch(/2 CPUs, 2 GiB memory, 8 GiB disk/);
    expect(new Set(plan.actions.map((a) => a.id)).size).toBe(plan.actions.length);
  });

  it('plans nothing on a converged datacenter', () => {
    expect(planApply({ spec, observed: converged(), recipes, artifactHashes }).actions).toEqual([]);
  });

  it('resumes an interrupted apply with only what is left', () => {
    const half = converged();
    half.instances = half.instances.filter((i) => i.name !== 'lnd');
    const lndDone = converged().instances.find((i) => i.name === 'lnd')!;
    half.instances.push({ name: 'lnd', statusCode: 103, config: { ...lndDone.config, [`${MARK.step}service`]: '' } });
    const plan = planApply({ spec, observed: half, recipes, artifactHashes });
    expect(plan.actions.map((a) => a.id)).toEqual(['enable-service:lnd', 'wait-healthy:lnd']);
  });

  it('starts again a running container whose first boot was not seen to finish (an apply killed during it)', () => {
    const observed = converged();
    const lnd = observed.instances.find((i) => i.name === 'lnd')!;
    const instanceOnly = { name: 'lnd', statusCode: 103, config: { [`${MARK.step}instance`]: lnd.config[`${MARK.step}instance`]! } };
    observed.instances[observed.instances.indexOf(lnd)] = instanceOnly;
    expect(planApply({ spec, observed, recipes, artifactHashes }).actions.map((a) => a.id).slice(0, 2)).toEqual(['start-instance:lnd', 'install-artifact:lnd/lnd']);
    instanceOnly.config[`${MARK.step}boot`] = '1';
    expect(planApply({ spec, observed, recipes, artifactHashes }).actions[0]?.id).toBe('install-artifact:lnd/lnd');
  });

  it('isolates an internal bridge made before its ACL, and only that', () => {
    const observed = { ...converged(), isolationDrift: ['the network ACL is missing'] };
    const plan = planApply({ spec, observed, recipes, artifactHashes });
    expect(plan.actions.map((a) => a.id)).toEqual([`isolate-network:${names.internalNetwork}`]);
    expect(plan.actions[0]!.detail).toMatch(/the network ACL is missing/);
  });

  it('creates the internal bridge already isolated', () => {
    const plan = planApply({ spec, observed: empty, recipes, artifactHashes });
    expect(plan.actions.find((a) => a.id === `create-network:${names.internalNetwork}`)?.detail).toMatch(/host, other networks and the outside are refused/);
  });

  it('restarts a stopped container and re-installs a changed artifact', () => {
    const observed = converged();
    observed.instances[1] = { ...observed.instances[1]!, statusCode: 102 };
    const plan = planApply({ spec, observed, recipes, artifactHashes: { ...artifactHashes, btcd: 'c'.repeat(64) } });
    expect(plan.actions.map((a) => a.id)).toEqual(['start-instance:btcd', 'install-artifact:btcd/btcd', 'enable-service:btcd', 'wait-healthy:btcd']);
  });

  it('blocks on a foreign project, a foreign network, a subnet clash, missing extensions, too little disk and unpinned artifacts', () => {
    const observed: Observed = {
      ...empty,
      extensions: ['network'],
      project: { exists: true },
      networks: [{ name: names.internalNetwork, cidr: '192.168.50.1/24', usedBy: 0 }, { name: 'mine', cidr: names.natCidr, usedBy: 0 }],
      pool: { exists: true, freeBytes: 2 * 1024 ** 3 },
    };
    const blockers = planApply({ spec, observed, recipes, artifactHashes: { btcd: 'a'.repeat(64) } }).blockers.join('\n');
    expect(blockers).toMatch(/lacks the API extensions projects, storage, instances, network_acl, network_bridge_acl/);
    expect(blockers).toMatch(/already exists and was not created by BCM/);
    expect(blockers).toMatch(new RegExp(`network named "${names.internalNetwork}" exists that BCM did not create`));
    expect(blockers).toMatch(/already used by the network "mine"/);
    expect(blockers).toMatch(/Too little disk: .* needs about \d+ GiB and the storage pool has 2 GiB free/);
    expect(blockers).toMatch(/"lnd" for lnd has no pinned SHA-256/);
  });
});

describe('planDown', () => {
  it('removes exactly what BCM created, dependents first', () => {
    const plan = planDown(spec, converged(), false);
    expect(plan.actions.map((a) => a.id)).toEqual([
      'stop-instance:lnd',
      'delete-instance:lnd',
      'stop-instance:btcd',
      'delete-instance:btcd',
      'stop-instance:gateway',
      'delete-instance:gateway',
      'delete-volume:btcd-data',
      'delete-volume:lnd-data',
      'delete-profile:bcm-base',
      'delete-project:bcm-home',
      `delete-network:${names.internalNetwork}`,
      `delete-network:${names.natNetwork}`,
    ]);
  });

  it('keeps data volumes (and so the project) when asked', () => {
    const ids = planDown(spec, converged(), true).actions.map((a) => a.id);
    expect(ids.some((id) => id.startsWith('delete-volume'))).toBe(false);
    expect(ids).not.toContain('delete-project:bcm-home');
    expect(ids).toContain(`delete-network:${names.internalNetwork}`);
  });

  it('leaves a container someone else put in the project, and the project with it', () => {
    const observed = converged();
    observed.instances.push({ name: 'mine', statusCode: 103, config: {} });
    const ids = planDown(spec, observed, false).actions.map((a) => a.id);
    expect(ids).not.toContain('delete-instance:mine');
    expect(ids).not.toContain('delete-project:bcm-home');
  });

  it('touches nothing of a project it did not create', () => {
    const plan = planDown(spec, { ...empty, project: { exists: true } }, false);
    expect(plan.actions).toEqual([]);
    expect(plan.blockers[0]).toMatch(/not created by BCM/);
  });
});
