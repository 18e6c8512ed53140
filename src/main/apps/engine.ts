import type { AppManifest } from '../../shared/apps/manifest';
import { resolveApps } from '../../shared/apps/resolve';
import { catalog, type ContainerPlan } from '../../shared/datacenter/catalog';
import type { DatacenterSpec } from '../../shared/datacenter/spec';
import { withLogShipping } from '../datacenter/components/logging';
import type { ContainerRecipe, RecipeContext } from '../datacenter/recipe';
import { appRecipe, appSecretName } from './recipe';
import { BcmError } from '../../shared/errors';
import { renderTemplate } from '../../shared/apps/template';
import { appFacts } from './facts';
import { undeclaredOnionBlockers } from '../datacenter/app-onion/files';

/**
 * A datacenter's apps as the engine sees them (issue 14): the resolver's blockers (plus a manifest
 * whose containers changed since the app was chosen) and, for each app container, its recipe. The
 * planner treats app containers like any other: plan → DAG apply → health gate → status.
 */
export interface DatacenterApps {
  /**
   * The spec with its apps in dependency order (each after the apps it needs; the resolver's
   * order): the planner lists containers in this order, so every DAG edge points to an earlier
   * step, and a take-down (the reverse) removes an app before what it needs.
   */
  spec: DatacenterSpec;
  /**
   * Per app container: the containers whose health its services wait for (those of the apps and
   * built-in components its app needs: required, or providing a role it requires). dag.ts rule 4.
   */
  after: Record<string, string[]>;
  /** grows as recipes are made (a template naming a fact the datacenter lacks): read it after them */
  blockers: string[];
  /** undefined for a container whose app cannot be deployed (a blocker says why) */
  recipe(container: ContainerPlan, ctx: RecipeContext): ContainerRecipe | undefined;
  /** the secrets a container's recipe reads, known before they are resolved */
  secrets(container: ContainerPlan): string[];
  /** the apps' dashboard tiles, rendered (a tile naming a fact the datacenter lacks is left out) */
  tiles(ctx: RecipeContext): AppTile[];
  /** app id -> its manifest's title, for the apps the spec has */
  titles(): Record<string, string>;
}

export interface AppTile {
  app: string;
  appTitle: string;
  title: string;
  value: string;
  hint?: string;
}

export function datacenterApps(input: DatacenterSpec, manifests: Readonly<Record<string, AppManifest>>): DatacenterApps {
  if (!input.apps.length) return { spec: input, after: {}, blockers: [], recipe: () => undefined, secrets: () => [], tiles: () => [], titles: () => ({}) };
  const resolution = resolveApps(input, input.apps.map((a) => a.id), manifests);
  const rank = (id: string): number => (resolution.order.includes(id) ? resolution.order.indexOf(id) : resolution.order.length);
  const spec: DatacenterSpec = { ...input, apps: [...input.apps].sort((a, b) => rank(a.id) - rank(b.id)) };
  const containersOfApp = (id: string): string[] => spec.apps.find((a) => a.id === id)?.containers.map((c) => c.name) ?? [];
  const after: Record<string, string[]> = {};
  for (const [id, needs] of Object.entries(resolution.needs)) {
    const names = [...needs.apps.flatMap(containersOfApp), ...needs.builtins.flatMap((b) => catalog[b].containers(spec))];
    for (const c of containersOfApp(id)) after[c] = names;
  }
  // only ports a manifest declares may be published over onion
  const blockers = [...resolution.blockers, ...undeclaredOnionBlockers(spec, manifests)];
  const owner = new Map<string, AppManifest>();
  for (const entry of spec.apps) {
    const m = manifests[entry.id];
    if (!m) continue;
    const want = m.spec.containers.map((c) => c.name).join(', ');
    const have = entry.containers.map((c) => c.name).join(', ');
    if (want !== have) {
      blockers.push(`The manifest of ${m.metadata.title} (${m.metadata.id}) now has the containers ${want}, not ${have} as when it was chosen: open the datacenter's settings and save them again.`);
      continue;
    }
    for (const c of entry.containers) owner.set(c.name, m);
  }
  const chosen = Object.fromEntries(spec.apps.flatMap((a) => (manifests[a.id] ? [[a.id, manifests[a.id]!]] : [])));
  return {
    spec,
    after,
    blockers,
    recipe(container, ctx) {
      const manifest = owner.get(container.name);
      // apps that do not fit together are not rendered: their facts may not exist (a missing role)
      if (!manifest || resolution.blockers.length) return undefined;
      try {
        return withLogShipping(appRecipe(spec, container, ctx, { manifest, apps: chosen }), spec, container, ctx);
      } catch (err) {
        if (!(err instanceof BcmError)) throw err;
        if (!blockers.includes(err.message)) blockers.push(err.message);
        return undefined;
      }
    },
    tiles(ctx) {
      return Object.values(chosen).flatMap((m) =>
        m.spec.tiles.flatMap((t): AppTile[] => {
          const facts = appFacts(spec, ctx, { manifest: m, container: m.spec.containers[0]?.name ?? '', apps: chosen });
          try {
            return [{ app: m.metadata.id, appTitle: m.metadata.title, title: t.title, value: renderTemplate(t.value, facts), ...(t.hint ? { hint: t.hint } : {}) }];
          } catch {
            return [];
          }
        }),
      );
    },
    titles() {
      return Object.fromEntries(Object.values(chosen).map((m) => [m.metadata.id, m.metadata.title]));
    },
    secrets(container) {
      const manifest = owner.get(container.name);
      return manifest ? manifest.spec.secrets.map((s) => appSecretName(manifest.metadata.id, s)) : [];
    },
  };
}

/** The spec entry for an app as chosen now: its id, containers and their manifest sizes. */
export function specEntryOf(manifest: AppManifest): DatacenterSpec['apps'][number] {
  return { id: manifest.metadata.id, containers: manifest.spec.containers.map((c) => ({ name: c.name, size: c.size })), onion: [] };
}

/**
 * Per container of every installed manifest: the containers of the apps it requires, by id or by
 * a role another manifest provides. For removals (plan-removals.ts): apps no longer in the spec are
 * removed before the apps they need, as a take-down does.
 */
export function manifestNeeds(manifests: Readonly<Record<string, AppManifest>>): Record<string, string[]> {
  const all = Object.values(manifests);
  const containers = (m: AppManifest): string[] => m.spec.containers.map((c) => c.name);
  const out: Record<string, string[]> = {};
  for (const m of all) {
    const needed = all.filter((o) => o !== m && (m.spec.requires.apps.includes(o.metadata.id) || o.spec.provides.some((p) => m.spec.requires.roles.includes(p.role))));
    for (const c of containers(m)) out[c] = needed.flatMap(containers);
  }
  return out;
}
