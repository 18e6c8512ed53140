import { catalog, containersOf } from '../../shared/datacenter/catalog';
import type { PlanAction, PlanRemoval } from '../../shared/datacenter/plan';
import { componentKinds, type ComponentKind, type DatacenterSpec } from '../../shared/datacenter/spec';
import { MARK, volumeName } from './naming';
import type { Observed } from './observe';
import type { ContainerRecipe } from './recipe';

/**
 * What an edited spec no longer names (issue 12): BCM's containers in the project that no
 * component of the spec makes (btcd after switching to Bitcoin Core, Kafka turned off), and data
 * volumes no wanted container mounts. They are stopped and deleted before anything is created, so
 * a replacement can take the address the old one held. Their data volumes are kept unless the
 * owner asked to delete that component's data. Pure.
 */

const RUNNING = 103;

/** The component a container of BCM belongs to: its marker, else its name (kafka-02 → kafka). */
export function componentOfName(name: string, marker?: string): ComponentKind | undefined {
  const known = (k: string | undefined): ComponentKind | undefined => componentKinds.find((c) => c === k);
  return known(marker) ?? known(name) ?? known(name.replace(/-\d+$/, ''));
}

/** `lnd-data` → `lnd`: the container a volume was made for (naming.ts volumeName). */
function containerOfVolume(volume: string): string {
  return volume.replace(/-[^-]+$/, '');
}

/**
 * The instances in the order they are removed: apps' containers first (apps need the built-ins),
 * each before the containers it needs (`needs`: per app container, the containers of the apps it
 * requires, from the installed manifests), then the rest in LXD's order.
 */
function removalOrder<T extends { name: string; config: Record<string, string> }>(instances: readonly T[], needs: Readonly<Record<string, readonly string[]>>): T[] {
  const isApp = (i: T): boolean => i.config[MARK.component] === 'app';
  let left = instances.filter(isApp);
  const out: T[] = [];
  while (left.length) {
    // the first (in LXD's order) that no app still to remove needs; in a cycle, the first
    const next = left.find((i) => !left.some((j) => j !== i && needs[j.name]?.includes(i.name))) ?? left[0]!;
    out.push(next);
    left = left.filter((i) => i !== next);
  }
  return [...out, ...instances.filter((i) => !isApp(i))];
}

export function planRemovals(
  spec: DatacenterSpec,
  observed: Observed,
  recipes: Record<string, ContainerRecipe>,
  deleteData: readonly ComponentKind[],
  needs: Readonly<Record<string, readonly string[]>> = {},
): { actions: PlanAction[]; removals: PlanRemoval[] } {
  const wanted = containersOf(spec);
  const wantedNames = new Set(wanted.map((c) => c.name));
  const wantedVolumes = new Set(wanted.flatMap((c) => (recipes[c.name]?.volumes ?? []).map((v) => volumeName(c.name, v.name))));
  const byComponent = new Map<ComponentKind, PlanRemoval>();
  const entry = (component: ComponentKind): PlanRemoval => {
    let r = byComponent.get(component);
    if (!r) byComponent.set(component, (r = { component, title: catalog[component].title, containers: [], volumes: [], deleteData: deleteData.includes(component) }));
    return r;
  };
  const actions: PlanAction[] = [];
  // an app's container (issue 14) is known by its marker only: its volumes follow it
  const removedAs = new Map<string, ComponentKind>();
  for (const inst of removalOrder(observed.instances, needs)) {
    // only what BCM made for this datacenter; anything else in the project is left alone
    if (wantedNames.has(inst.name) || inst.config[MARK.datacenter] !== spec.name) continue;
    const component = componentOfName(inst.name, inst.config[MARK.component]);
    if (!component) continue;
    entry(component).containers.push(inst.name);
    removedAs.set(inst.name, component);
    const title = catalog[component].title;
    if (inst.statusCode === RUNNING) actions.push({ id: `stop-instance:${inst.name}`, kind: 'stop-instance', component, target: inst.name, title: `Stop ${inst.name} (${title} is no longer in the settings)` });
    actions.push({ id: `delete-instance:${inst.name}`, kind: 'delete-instance', component, target: inst.name, title: `Delete container ${inst.name}` });
  }
  for (const vol of observed.volumes) {
    if (wantedVolumes.has(vol)) continue;
    const container = containerOfVolume(vol);
    // a volume of a container the spec still makes (under another volume name) is not BCM's to judge
    if (wantedNames.has(container)) continue;
    const component = removedAs.get(container) ?? componentOfName(container);
    if (!component) continue;
    const r = entry(component);
    r.volumes.push(vol);
    if (r.deleteData) actions.push({ id: `delete-volume:${vol}`, kind: 'delete-volume', component, target: vol, title: `Delete data volume ${vol}`, detail: 'Its data is gone for good (take a backup or snapshot first if unsure).' });
  }
  return { actions, removals: [...byComponent.values()] };
}
