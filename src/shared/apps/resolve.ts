import { builtinComponents } from '../datacenter/catalog';
import { artifacts as catalogArtifacts } from '../datacenter/artifacts';
import type { DatacenterSpec } from '../datacenter/spec';
import { builtinDrivers, type BuiltinDriver } from './builtin';
import { builtinContainerNames, builtinManifests } from './builtins';
import type { AppManifest } from './manifest';

/**
 * The apps' resolver (pure): before anything is created, checks that the apps a datacenter wants
 * can live together and gives the order to bring them up. Each problem is a plan blocker naming the
 * apps: a missing app or role, two providers of an exclusive role, a declared conflict, a container
 * name taken twice, a cycle.
 */

/**
 * The roles the built-in components this spec enables provide, from their manifests
 * (apps/builtin/*.yaml): each is a provider like an app's; exclusive ones admit one provider.
 */
export function builtinProviders(spec: DatacenterSpec): Array<{ role: string; provider: string; exclusive: boolean }> {
  return builtinComponents(spec).flatMap((kind) =>
    builtinManifests[kind].spec.provides.map((p) => ({ role: p.role, provider: builtinManifests[kind].metadata.title, exclusive: p.exclusive })),
  );
}

/** "turn on LND or Core Lightning": the built-ins that would provide a role, if any does. */
function builtinHint(role: string): string {
  const titles = builtinDrivers.filter((d) => builtinManifests[d].spec.provides.some((p) => p.role === role)).map((d) => builtinManifests[d].metadata.title);
  return titles.length ? `: turn on ${titles.join(' or ')}` : '';
}

/** Container names the built-ins may use, which an app may not take. */
const RESERVED_CONTAINERS = builtinContainerNames();

const isBuiltin = (id: string): id is BuiltinDriver => (builtinDrivers as readonly string[]).includes(id);

export interface Resolution {
  /** the wanted apps, each after the apps it needs */
  order: string[];
  blockers: string[];
  /**
   * Per wanted app: the apps of this datacenter it needs (required, or providing a role it
   * requires) and the built-in components it needs (required by id, or providing a role it
   * requires): its steps wait for theirs (src/main/datacenter/dag.ts), its removal comes first.
   */
  needs: Record<string, { apps: string[]; builtins: BuiltinDriver[] }>;
}

export function resolveApps(spec: DatacenterSpec, wanted: readonly string[], available: Readonly<Record<string, AppManifest>>): Resolution {
  const blockers: string[] = [];
  const enabled = new Set<string>(builtinComponents(spec));
  const title = (id: string): string => (available[id] ? `${available[id].metadata.title} (${id})` : id);
  const present = wanted.filter((id) => {
    if (available[id]) return true;
    blockers.push(`The app "${id}" is in the datacenter's settings but no valid manifest of it is installed: put its manifest back in ~/.bcm/apps/ (see the Apps list for errors) or remove the app.`);
    return false;
  });
  // who provides each role
  const providers = new Map<string, Array<{ provider: string; exclusive: boolean; app?: string }>>();
  for (const b of builtinProviders(spec)) providers.set(b.role, [...(providers.get(b.role) ?? []), { provider: b.provider, exclusive: b.exclusive }]);
  for (const id of present) {
    for (const p of available[id]!.spec.provides) providers.set(p.role, [...(providers.get(p.role) ?? []), { provider: title(id), exclusive: p.exclusive, app: id }]);
  }
  for (const [role, list] of providers) {
    if (list.length > 1 && list.some((p) => p.exclusive)) {
      blockers.push(`Only one provider of the role "${role}" can run in a datacenter, and ${list.map((p) => p.provider).join(' and ')} both provide it: remove one of them.`);
    }
  }
  const edges = new Map<string, string[]>();
  const needsOf: Resolution['needs'] = {};
  for (const id of present) {
    const m = available[id]!;
    const needs: string[] = [];
    const builtins = new Set<BuiltinDriver>();
    for (const other of m.spec.requires.apps) {
      if (present.includes(other)) needs.push(other);
      // a built-in component is required like an app
      else if (isBuiltin(other)) {
        if (!enabled.has(other)) blockers.push(`${title(id)} requires ${builtinManifests[other].metadata.title}, which is off in this datacenter: turn it on.`);
        else builtins.add(other);
      } else blockers.push(`${title(id)} requires the app "${other}", which is not in this datacenter${available[other] ? ': add it too' : ' and not installed'}.`);
    }
    for (const role of m.spec.requires.roles) {
      const list = providers.get(role)?.filter((p) => p.app !== id) ?? [];
      if (!list.length) blockers.push(`${title(id)} requires the role "${role}", and nothing in this datacenter provides it${builtinHint(role)}.`);
      for (const p of list) if (p.app && !needs.includes(p.app)) needs.push(p.app);
      for (const b of builtinComponents(spec)) if (builtinManifests[b].spec.provides.some((p) => p.role === role)) builtins.add(b);
    }
    for (const other of m.spec.conflicts) if (present.includes(other)) blockers.push(`${title(id)} cannot run beside ${title(other)} (its manifest says they conflict): remove one of them.`);
    edges.set(id, needs);
    needsOf[id] = { apps: needs, builtins: [...builtins] };
  }
  // an artifact's pin is kept by name in the spec (`versions`, `artifacts`): one name, one artifact
  const artifactOwner = new Map<string, string>(Object.keys(catalogArtifacts).map((a) => [a, 'BCM\'s own components']));
  for (const id of present) {
    for (const a of available[id]!.spec.artifacts) {
      const prior = artifactOwner.get(a.name);
      if (prior) blockers.push(`${title(id)} names an artifact "${a.name}", as ${prior.startsWith('BCM') ? prior : title(prior)} ${prior.startsWith('BCM') ? 'do' : 'does'}: a datacenter pins artifacts by name, so the app's manifest must rename it.`);
      else artifactOwner.set(a.name, id);
    }
  }
  const owner = new Map<string, string>();
  for (const id of present) {
    for (const c of available[id]!.spec.containers) {
      if (RESERVED_CONTAINERS.includes(c.name)) blockers.push(`${title(id)} wants a container named "${c.name}", a name BCM's own components use: the app's manifest must choose another.`);
      const prior = owner.get(c.name);
      if (prior) blockers.push(`${title(prior)} and ${title(id)} both want a container named "${c.name}": remove one of them.`);
      else owner.set(c.name, id);
    }
  }
  // depth-first: dependencies first; a cycle is a blocker naming its apps in order
  const order: string[] = [];
  const cycles = new Set<string>();
  const visit = (id: string, path: string[]): void => {
    if (order.includes(id)) return;
    const at = path.indexOf(id);
    if (at >= 0) {
      const cycle = [...path.slice(at), id];
      const key = [...cycle.slice(0, -1)].sort().join(',');
      if (!cycles.has(key)) {
        cycles.add(key);
        blockers.push(`The apps depend on each other in a cycle: ${cycle.map(title).join(' → ')}. Remove one of them.`);
      }
      return;
    }
    for (const dep of edges.get(id) ?? []) visit(dep, [...path, id]);
    if (!order.includes(id)) order.push(id);
  };
  for (const id of present) visit(id, []);
  return { order, blockers, needs: needsOf };
}
