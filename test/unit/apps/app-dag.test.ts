import { describe, expect, it } from 'vitest';
import { datacenterApps, manifestNeeds, specEntryOf } from '../../../src/main/apps/engine';
import { dagContext, planPrerequisites, readyActions, type Prerequisites } from '../../../src/main/datacenter/dag';
import { MARK, namesFor } from '../../../src/main/datacenter/naming';
import type { Observed } from '../../../src/main/datacenter/observe';
import { planApply, planDown } from '../../../src/main/datacenter/plan';
import { recipeFor } from '../../../src/main/datacenter/components';
import type { ContainerRecipe } from '../../../src/main/datacenter/recipe';
import type { AppManifest } from '../../../src/shared/apps/manifest';
import { resolveApps } from '../../../src/shared/apps/resolve';
import { containersOf } from '../../../src/shared/datacenter/catalog';
import type { Plan, StepState } from '../../../src/shared/datacenter/plan';
import { datacenterSpecSchema, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { contextFor, emptyObserved, specFor } from '../datacenter/recipe-fixtures';
import { testApp, type TestAppOptions } from './fixtures';

// Issue 14, gap 2: the apply DAG orders an app's steps after the apps and built-in roles it needs,
// and a take-down removes an app before what it needs.

let uid = 2300;
const app = (id: string, o: TestAppOptions = {}): AppManifest => testApp(id, { ...o, service: true, uid: uid++ });

// store ← indexer (requires the app store and the built-in role lightning) ← ui (requires the role
// "index", which indexer provides); solo needs nothing. Chosen in an order that is not theirs.
const store = app('store', { provides: [{ role: 'storage' }] });
const indexer = app('indexer', { requires: { apps: ['store'], roles: ['lightning'] }, provides: [{ role: 'index' }] });
const ui = app('ui', { requires: { roles: ['index'] } });
const solo = app('solo');
const manifests = { store, indexer, ui, solo };
const chosen: DatacenterSpec = datacenterSpecSchema.parse({ ...specFor('regtest', 'btcd'), apps: [ui, solo, indexer, store].map(specEntryOf) });

const empty = emptyObserved;

function prepared(input: DatacenterSpec, observed: Observed = empty): { spec: DatacenterSpec; plan: Plan; pre: Prerequisites } {
  const apps = datacenterApps(input, manifests);
  expect(apps.blockers).toEqual([]);
  const spec = apps.spec;
  const ctx = contextFor(spec);
  const recipes: Record<string, ContainerRecipe> = Object.fromEntries(containersOf(spec).map((c) => [c.name, c.component === 'app' ? apps.recipe(c, ctx)! : recipeFor(spec, c, ctx)]));
  const artifactHashes = Object.fromEntries(Object.values(recipes).flatMap((r) => r.artifacts.map((a) => [a.artifact, 'a'.repeat(64)])));
  const plan = planApply({ spec, observed, recipes, artifactHashes });
  expect(plan.blockers).toEqual([]);
  return { spec, plan, pre: planPrerequisites(plan, dagContext(spec, recipes, apps.after)) };
}

/** Runs the DAG in waves (everything ready at once), the wave in which each action runs. */
function waves(plan: Plan, pre: Prerequisites): Map<string, number> {
  const state = new Map<string, StepState>(plan.actions.map((a) => [a.id, 'pending']));
  const wave = new Map<string, number>();
  for (let n = 0; wave.size < plan.actions.length; n++) {
    const ready = readyActions(plan.actions, pre, (id) => state.get(id));
    expect(ready.length, `wave ${n} has something to run`).toBeGreaterThan(0);
    for (const id of ready) {
      state.set(id, 'done');
      wave.set(id, n);
    }
  }
  return wave;
}

describe('the apply DAG with apps that need each other', () => {
  it("lists the spec's apps in dependency order, whatever order they were chosen in", () => {
    expect(datacenterApps(chosen, manifests).spec.apps.map((a) => a.id)).toEqual(['store', 'indexer', 'ui', 'solo']);
    expect(chosen.apps.map((a) => a.id)).toEqual(['ui', 'solo', 'indexer', 'store']); // pure
  });

  it("starts an app's services only once the apps and built-in role it needs are healthy; others at once", () => {
    const { plan, pre } = prepared(chosen);
    const ids = plan.actions.map((a) => a.id);
    // the list stays a topological order (the DAG throws otherwise)
    for (const a of plan.actions) for (const p of pre.get(a.id) ?? []) expect(ids.indexOf(p), `${a.id} waits for ${p}`).toBeLessThan(ids.indexOf(a.id));
    // indexer requires the app store and the role lightning (lnd); ui requires indexer's role
    expect(pre.get('enable-service:indexer')).toEqual(expect.arrayContaining(['wait-healthy:store', 'wait-healthy:lnd']));
    expect(pre.get('enable-service:ui')).toContain('wait-healthy:indexer');
    expect(pre.get('enable-service:ui')).not.toContain('wait-healthy:solo');
    expect(pre.get('enable-service:solo')?.filter((p) => ['store', 'indexer', 'ui'].some((a) => p.endsWith(`:${a}`)))).toEqual([]);
    expect(pre.get('enable-service:store')?.filter((p) => ['indexer', 'ui', 'solo'].some((a) => p.endsWith(`:${a}`)))).toEqual([]);

    const wave = waves(plan, pre);
    const at = (id: string): number => wave.get(id)!;
    expect(at('enable-service:indexer')).toBeGreaterThan(at('wait-healthy:store'));
    expect(at('enable-service:indexer')).toBeGreaterThan(at('wait-healthy:lnd'));
    expect(at('enable-service:ui')).toBeGreaterThan(at('wait-healthy:indexer'));
    // containers are still created and booted side by side: only the services wait
    expect(at('create-instance:ui')).toBe(at('create-instance:store'));
    expect(at('create-instance:solo')).toBe(at('create-instance:indexer'));
    expect(at('wait-healthy:solo')).toBeLessThan(at('wait-healthy:ui'));
  });

  it('a converged dependency adds no edge: only ui is new, it waits for nothing of the apps', () => {
    const { spec } = prepared(chosen);
    const observed: Observed = {
      ...empty,
      project: { exists: true, datacenter: spec.name },
      networks: [
        { name: namesFor(spec.name).internalNetwork, datacenter: spec.name, cidr: namesFor(spec.name).internalCidr, usedBy: 1 },
        { name: namesFor(spec.name).natNetwork, datacenter: spec.name, cidr: namesFor(spec.name).natCidr, usedBy: 1 },
      ],
      isolationDrift: [],
      profiles: ['default', 'bcm-base'],
    };
    const { plan, pre } = prepared(chosen, observed);
    expect(plan.actions.some((a) => a.target === 'ui')).toBe(true);
    expect([...pre.values()].flat().filter((p) => !plan.actions.some((a) => a.id === p))).toEqual([]);
  });

  it('a take-down removes an app before the apps it needs', () => {
    const { spec } = prepared(chosen);
    const observed: Observed = {
      ...empty,
      project: { exists: true, datacenter: spec.name },
      instances: containersOf(spec).map((c) => ({ name: c.name, statusCode: 103, config: { [MARK.datacenter]: spec.name, [MARK.component]: c.component } })),
    };
    const ids = planDown(spec, observed, true).actions.map((a) => a.id).filter((id) => id.startsWith('delete-instance:'));
    const at = (name: string): number => ids.indexOf(`delete-instance:${name}`);
    expect(at('ui')).toBeLessThan(at('indexer'));
    expect(at('indexer')).toBeLessThan(at('store'));
    expect(at('store')).toBeLessThan(at('lnd'));
  });
});

describe('removing apps from the settings', () => {
  it('removes each app before the apps it needs (from the installed manifests), apps before built-ins', () => {
    const { spec } = prepared(chosen);
    const withoutApps: DatacenterSpec = { ...spec, apps: [] };
    const observed: Observed = {
      ...empty,
      project: { exists: true, datacenter: spec.name },
      // LXD lists instances by name
      instances: containersOf(spec)
        .map((c) => ({ name: c.name, statusCode: 103, config: { [MARK.datacenter]: spec.name, [MARK.component]: c.component } }))
        .filter((i) => i.config[MARK.component] === 'app')
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
    const order = (needs?: Record<string, string[]>): string[] =>
      planApply({ spec: withoutApps, observed, recipes: {}, artifactHashes: {}, ...(needs ? { removalNeeds: needs } : {}) })
        .actions.filter((a) => a.kind === 'delete-instance')
        .map((a) => a.target);
    expect(manifestNeeds(manifests)).toEqual({ store: [], indexer: ['store'], ui: ['indexer'], solo: [] });
    const ids = order(manifestNeeds(manifests));
    expect(ids.indexOf('ui')).toBeLessThan(ids.indexOf('indexer'));
    expect(ids.indexOf('indexer')).toBeLessThan(ids.indexOf('store'));
    expect(ids).toHaveLength(4);
    // without the manifests (none installed any more): LXD's order
    expect(order()).toEqual(['indexer', 'solo', 'store', 'ui']);
  });
});

describe("the resolver's blockers beside the DAG's edges", () => {
  const spec = specFor('regtest', 'btcd'); // btcd + lnd: no Kafka

  it('still blocks a cycle, a missing role and an exclusive role clash', () => {
    const aa = app('aa', { requires: { apps: ['bb'] } });
    const bb = app('bb', { requires: { apps: ['aa'] } });
    expect(resolveApps(spec, ['aa', 'bb'], { aa, bb }).blockers).toEqual(['The apps depend on each other in a cycle: AA (aa) → BB (bb) → AA (aa). Remove one of them.']);
    const stream = app('stream', { requires: { roles: ['kafka'] } });
    expect(resolveApps(spec, ['stream'], { stream }).blockers).toEqual(['STREAM (stream) requires the role "kafka", and nothing in this datacenter provides it: turn on Kafka.']);
    const node = app('node', { provides: [{ role: 'lightning', exclusive: true }] });
    expect(resolveApps(spec, ['node'], { node }).blockers).toEqual(['Only one provider of the role "lightning" can run in a datacenter, and LND and NODE (node) both provide it: remove one of them.']);
    // a blocked datacenter is not rendered (no recipes), so no DAG is made of it
    const blocked = datacenterApps(datacenterSpecSchema.parse({ ...spec, apps: [aa, bb].map(specEntryOf) }), { aa, bb });
    expect(blocked.blockers).toHaveLength(1);
    expect(blocked.recipe(containersOf(blocked.spec).find((c) => c.name === 'aa')!, contextFor(blocked.spec))).toBeUndefined();
  });

  it('gives what each app needs: apps (required or providing a role) and built-ins (providing a role)', () => {
    const r = resolveApps(spec, ['ui', 'indexer', 'store', 'solo'], manifests);
    expect(r.needs).toEqual({
      ui: { apps: ['indexer'], builtins: [] },
      indexer: { apps: ['store'], builtins: ['lnd'] },
      store: { apps: [], builtins: [] },
      solo: { apps: [], builtins: [] },
    });
  });

  it("blocks two apps naming the same artifact, or an app naming a built-in's (pins are kept by name)", () => {
    const one = app('one', { artifact: 'tool' });
    const two = app('two', { artifact: 'tool' });
    const three = app('three', { artifact: 'lnd' });
    expect(resolveApps(spec, ['one', 'two', 'three'], { one, two, three }).blockers).toEqual([
      'TWO (two) names an artifact "tool", as ONE (one) does: a datacenter pins artifacts by name, so the app\'s manifest must rename it.',
      'THREE (three) names an artifact "lnd", as BCM\'s own components do: a datacenter pins artifacts by name, so the app\'s manifest must rename it.',
    ]);
  });
});
