import { describe, expect, it } from 'vitest';
import { containersOf } from '../../../src/shared/datacenter/catalog';
import type { Plan, PlanAction, StepState } from '../../../src/shared/datacenter/plan';
import { datacenterSpecSchema, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { applyPrerequisites, bootUsesProxy, criticalPath, dagContext, planPrerequisites, readyActions, type Prerequisites } from '../../../src/main/datacenter/dag';
import { MARK, namesFor } from '../../../src/main/datacenter/naming';
import type { Observed } from '../../../src/main/datacenter/observe';
import { planApply, planDown, stepRecords } from '../../../src/main/datacenter/plan';
import type { ContainerRecipe } from '../../../src/main/datacenter/recipe';
import { emptyObserved, recipesOf, specFor } from './recipe-fixtures';

const regtest = { ...specFor('regtest', 'btcd'), name: 'home' };
const full: DatacenterSpec = datacenterSpecSchema.parse({
  ...specFor('testnet', 'bitcoind', { clightning: true }),
  kafka: { enabled: true, brokers: 3 },
  logging: true,
});

function recipesFor(spec: DatacenterSpec): Record<string, ContainerRecipe> {
  return Object.fromEntries(Object.entries(recipesOf(spec)).map(([name, r]) => [name, r.recipe]));
}
function hashesFor(recipes: Record<string, ContainerRecipe>): Record<string, string> {
  return Object.fromEntries(Object.values(recipes).flatMap((r) => r.artifacts.map((a) => [a.artifact, 'a'.repeat(64)])));
}

const empty: Observed = emptyObserved;

/** LXD after a complete apply of `spec`, with `status` overriding containers' state (102 = stopped). */
function converged(spec: DatacenterSpec, recipes: Record<string, ContainerRecipe>, keep: (container: string) => boolean, status: Record<string, number> = {}): Observed {
  const names = namesFor(spec.name);
  const hashes = hashesFor(recipes);
  const instances = containersOf(spec)
    .filter((c) => keep(c.name))
    .map((c) => {
      const r = stepRecords(c, recipes[c.name]!, spec, hashes);
      const config: Record<string, string> = { [MARK.datacenter]: spec.name, [`${MARK.step}instance`]: r.instance, [`${MARK.step}config`]: r.config, [`${MARK.step}service`]: r.service };
      for (const [a, h] of Object.entries(r.artifacts)) config[`${MARK.step}artifact.${a}`] = h;
      return { name: c.name, statusCode: status[c.name] ?? 103, config };
    });
  return {
    ...empty,
    project: { exists: true, datacenter: spec.name },
    networks: [
      { name: names.internalNetwork, datacenter: spec.name, cidr: names.internalCidr, usedBy: 1 },
      { name: names.natNetwork, datacenter: spec.name, cidr: names.natCidr, usedBy: 1 },
    ],
    isolationDrift: [],
    profiles: ['default', 'bcm-base'],
    volumes: containersOf(spec).flatMap((c) => recipes[c.name]!.volumes.map((v) => `${c.name}-${v.name}`)),
    instances,
  };
}

function dagOf(spec: DatacenterSpec, observed: Observed, remote?: { record: string }): { plan: Plan; pre: Prerequisites } {
  const recipes = recipesFor(spec);
  const plan = planApply({ spec, observed, recipes, artifactHashes: hashesFor(recipes), ...(remote ? { remoteAccess: remote } : {}) });
  return { plan, pre: planPrerequisites(plan, dagContext(spec, recipes)) };
}

const names = namesFor('home');
const SHARED = ['create-project:bcm-home', `create-network:${names.internalNetwork}`, `create-network:${names.natNetwork}`, 'create-profile:bcm-base'];
const PROFILE = 'create-profile:bcm-base';

function expectTopological(plan: Plan, pre: Prerequisites): void {
  const at = new Map(plan.actions.map((a, i) => [a.id, i]));
  for (const a of plan.actions) for (const p of pre.get(a.id) ?? []) expect(at.get(p)!, `${a.id} waits for ${p}`).toBeLessThan(at.get(a.id)!);
}

describe('the apply DAG', () => {
  it('regtest from scratch: shared objects first, each container in order, lnd and btcd start their services after what they need is healthy', () => {
    const { plan, pre } = dagOf(regtest, empty);
    expectTopological(plan, pre);
    expect(SHARED.map((id) => pre.get(id))).toEqual([[], [SHARED[0]], [SHARED[1]], [SHARED[2]]]);
    // every container's first step waits for the shared objects, and nothing of another container
    expect(pre.get('create-instance:gateway')).toEqual([PROFILE]);
    expect(pre.get('create-volume:btcd-data')).toEqual([PROFILE]);
    expect(pre.get('create-volume:lnd-data')).toEqual([PROFILE]);
    expect(pre.get('create-instance:lnd')).toEqual(['create-volume:lnd-data']);
    // booting and installing overlap: nothing of the gateway (artifacts come from the host over the LXD API)
    expect(pre.get('start-instance:btcd')).toEqual(['create-instance:btcd']);
    expect(pre.get('install-artifact:btcd/btcd')).toEqual(['start-instance:btcd']);
    expect(pre.get('start-instance:lnd')).toEqual(['create-instance:lnd']);
    // services start once their dependencies are healthy
    expect(pre.get('enable-service:btcd')).toEqual(['wait-healthy:gateway', 'write-config:btcd']);
    expect(pre.get('enable-service:lnd')).toEqual(['wait-healthy:btcd', 'write-config:lnd']);
    expect(pre.get('wait-healthy:lnd')).toEqual(['enable-service:lnd']);
    expect(pre.get('wait-healthy:gateway')).toEqual(['start-instance:gateway']);
  });

  it('the full datacenter: packages on first boot wait for the gateway, Lightning for Bitcoin Core, brokers are checked in order', () => {
    const { plan, pre } = dagOf(full, { ...empty, networks: [], instances: [] });
    expectTopological(plan, pre);
    expect(pre.get('start-instance:clightning')).toEqual(['wait-healthy:gateway', 'create-instance:clightning']);
    expect(pre.get('start-instance:bitcoind')).toEqual(['create-instance:bitcoind']);
    expect(pre.get('enable-service:bitcoind')).toEqual(['wait-healthy:gateway', 'write-config:bitcoind']);
    expect(pre.get('enable-service:lnd')).toEqual(['wait-healthy:bitcoind', 'write-config:lnd']);
    expect(pre.get('enable-service:clightning')).toEqual(['wait-healthy:bitcoind', 'write-config:clightning']);
    expect(pre.get('create-instance:kafka-02')).toEqual(['create-volume:kafka-02-data']);
    expect(pre.get('enable-service:kafka-02')).toEqual(['wait-healthy:gateway', 'write-config:kafka-02']);
    expect(pre.get('wait-healthy:kafka-01')).toEqual(['enable-service:kafka-01']);
    expect(pre.get('wait-healthy:kafka-02')).toEqual(['wait-healthy:kafka-01', 'enable-service:kafka-02']);
    expect(pre.get('wait-healthy:kafka-03')).toEqual(['wait-healthy:kafka-02', 'enable-service:kafka-03']);
  });

  it('names the containers whose first boot needs the proxy', () => {
    const recipes = recipesFor(full);
    expect(Object.keys(recipes).filter((n) => bootUsesProxy(recipes[n]!))).toEqual(['gateway', 'clightning', 'kafka-01', 'kafka-02', 'kafka-03']);
    expect(bootUsesProxy({ userData: '#cloud-config\npackages:\n  - jq\n' })).toBe(true);
  });

  it('a converged dependency adds no edge: only lnd is new', () => {
    const recipes = recipesFor(regtest);
    const { plan, pre } = dagOf(regtest, converged(regtest, recipes, (c) => c !== 'lnd'));
    expect(plan.actions[0]?.id).toBe('create-instance:lnd');
    expect(pre.get('create-instance:lnd')).toEqual([]);
    expect(pre.get('enable-service:lnd')).toEqual(['write-config:lnd']);
  });

  it('restarted containers: lnd boots its services only after btcd is healthy again', () => {
    const recipes = recipesFor(regtest);
    const { plan, pre } = dagOf(regtest, converged(regtest, recipes, () => true, { btcd: 102, lnd: 102 }));
    expect(plan.actions.map((a) => a.id)).toEqual(['start-instance:btcd', 'wait-healthy:btcd', 'start-instance:lnd', 'wait-healthy:lnd']);
    expect(pre.get('start-instance:btcd')).toEqual([]);
    expect(pre.get('start-instance:lnd')).toEqual(['wait-healthy:btcd']);
    expect(pre.get('wait-healthy:lnd')).toEqual(['start-instance:lnd']);
  });

  it('a resumed apply: btcd half done, lnd created; lnd waits for the rest of btcd', () => {
    const recipes = recipesFor(regtest);
    const observed = converged(regtest, recipes, () => true);
    const btcd = observed.instances.find((i) => i.name === 'btcd')!;
    btcd.config = { ...btcd.config, [`${MARK.step}config`]: '', [`${MARK.step}service`]: '' };
    const lnd = observed.instances.find((i) => i.name === 'lnd')!;
    observed.instances[observed.instances.indexOf(lnd)] = { name: 'lnd', statusCode: 102, config: { [`${MARK.step}instance`]: lnd.config[`${MARK.step}instance`]! } };
    const { plan, pre } = dagOf(regtest, observed);
    expectTopological(plan, pre);
    expect(pre.get('write-config:btcd')).toEqual([]);
    expect(pre.get('enable-service:btcd')).toEqual(['write-config:btcd']);
    expect(pre.get('start-instance:lnd')).toEqual([]);
    expect(pre.get('enable-service:lnd')).toEqual(['wait-healthy:btcd', 'write-config:lnd']);
  });

  it('publishes the onion service after the gateway is up, beside the other containers', () => {
    const spec = { ...regtest, remoteAccess: true };
    const { plan, pre } = dagOf(spec, empty, { record: 'r1' });
    expect(plan.actions.at(-1)?.id).toBe('publish-onion:gateway');
    expect(pre.get('publish-onion:gateway')).toEqual([PROFILE, 'wait-healthy:gateway']);
    const recipes = recipesFor(spec);
    const only = dagOf(spec, converged(spec, recipes, () => true), { record: 'r2' });
    expect(only.plan.actions.map((a) => a.id)).toEqual(['publish-onion:gateway']);
    expect(only.pre.get('publish-onion:gateway')).toEqual([]);
  });

  it('an action it does not know runs alone; a take-down stays one step after another', () => {
    const recipes = recipesFor(regtest);
    const { plan } = dagOf(regtest, empty);
    const odd: PlanAction = { id: 'tidy:something', kind: 'isolate-network', component: 'btcd', target: 'something', title: 'Odd' };
    const at = plan.actions.findIndex((a) => a.id === 'start-instance:lnd');
    const actions = [...plan.actions.slice(0, at), odd, ...plan.actions.slice(at)];
    const pre = applyPrerequisites(actions, dagContext(regtest, recipes));
    expect(pre.get('tidy:something')).toEqual(actions.slice(0, at).map((a) => a.id));
    expect(pre.get('start-instance:lnd')).toEqual(['create-instance:lnd', 'tidy:something']);
    expect(pre.get('wait-healthy:lnd')).toEqual(['enable-service:lnd']);

    const down = planDown(regtest, converged(regtest, recipes, () => true), false);
    const seq = planPrerequisites(down, dagContext(regtest, recipes));
    expect(down.actions.map((a) => seq.get(a.id))).toEqual(down.actions.map((_a, i) => (i === 0 ? [] : [down.actions[i - 1]!.id])));
  });
});

describe('scheduling helpers', () => {
  const { plan, pre } = dagOf(regtest, empty);
  it('ready actions: pending ones whose prerequisites are done, in plan order', () => {
    const states = new Map<string, StepState>(plan.actions.map((a) => [a.id, 'pending']));
    for (const id of SHARED) states.set(id, 'done');
    expect(readyActions(plan.actions, pre, (id) => states.get(id))).toEqual(['create-instance:gateway', 'create-volume:btcd-data', 'create-volume:lnd-data']);
    states.set('create-instance:gateway', 'running');
    states.set('create-volume:btcd-data', 'done');
    expect(readyActions(plan.actions, pre, (id) => states.get(id))).toEqual(['create-instance:btcd', 'create-volume:lnd-data']);
    // a prerequisite outside the plan was done before it
    expect(readyActions([plan.actions[1]!], pre, () => 'pending')).toEqual([plan.actions[1]!.id]);
  });

  it('the critical path is the longest chain by duration', () => {
    const ms = (id: string): number => (id.startsWith('start-instance') ? 1000 : id === 'wait-healthy:btcd' ? 500 : 10);
    const path = criticalPath(plan.actions, pre, ms);
    expect(path.ids.at(-1)).toBe('wait-healthy:lnd');
    expect(path.ids).toContain('wait-healthy:btcd');
    expect(path.ids).toContain('start-instance:btcd');
    expect(path.ids).not.toContain('start-instance:lnd'); // it runs beside btcd's
    expect(path.ms).toBe(path.ids.reduce((n, id) => n + ms(id), 0));
    expect(criticalPath([], pre, ms)).toEqual({ ms: 0, ids: [] });
  });
});
