import { catalog } from '../../../shared/datacenter/catalog';
import type { ActionKind, PlanAction } from '../../../shared/datacenter/plan';
import type { ComponentKind } from '../../../shared/datacenter/spec';
import { MARK } from '../naming';
import type { Observed } from '../observe';

const RUNNING = 103;

/** The steps that change a container that already exists (what a snapshot protects). */
export const CHANGING_KINDS: ReadonlySet<ActionKind> = new Set(['update-instance', 'move-instance', 'install-artifact', 'write-config', 'enable-service']);

/**
 * The steps after which a failure of the same component rolls it back to the snapshot the run took
 * for it (the health gate and every step that changes or restarts it).
 */
export const ROLLBACK_KINDS: ReadonlySet<ActionKind> = new Set([...CHANGING_KINDS, 'start-instance', 'wait-healthy']);

/** the container a step acts on ("lnd/lnd" for install-artifact is container/artifact) */
export function containerOf(action: PlanAction): string {
  return action.target.split('/')[0] ?? action.target;
}

/** `leftOut`: why the component's data volumes are not snapshotted (./policy.ts), when they are not */
export function snapshotAction(component: ComponentKind, containers: string[], leftOut?: string): PlanAction {
  const title = catalog[component].title;
  const what = leftOut ? `LXD snapshots of ${containers.join(', ')} (${leftOut})` : `LXD snapshots of ${containers.join(', ')} and ${containers.length > 1 ? 'their' : 'its'} data volumes`;
  return {
    id: `snapshot:${component}`,
    kind: 'snapshot',
    component,
    target: component,
    title: `Snapshot ${title} before changing it`,
    detail: `${what}; if the change fails its health check, BCM restores them by itself.`,
  };
}

/**
 * Inserts one `snapshot` action per component, before the first step that changes one of its
 * containers that exists, runs and was deployed completely once. Pure: a plan that changes nothing
 * running gets none.
 */
export function withSnapshots(actions: PlanAction[], observed: Pick<Observed, 'instances'>, leftOut: (component: ComponentKind) => string | undefined = () => undefined): PlanAction[] {
  // only a state that once ran is worth going back to: the container runs and its service step
  // completed before (an interrupted first deploy is simply resumed)
  const running = new Map(observed.instances.filter((i) => i.statusCode === RUNNING && !!i.config[`${MARK.step}service`]).map((i) => [i.name, i]));
  const firstChange = new Map<ComponentKind, number>();
  actions.forEach((a, i) => {
    if (a.component === 'datacenter' || firstChange.has(a.component)) return;
    if (CHANGING_KINDS.has(a.kind) && running.has(containerOf(a))) firstChange.set(a.component, i);
  });
  if (firstChange.size === 0) return actions;
  const containersOf = (component: ComponentKind): string[] =>
    observed.instances.filter((i) => i.config[MARK.component] === component).map((i) => i.name).sort();
  const out: PlanAction[] = [];
  actions.forEach((a, i) => {
    for (const [component, at] of firstChange) if (at === i) out.push(snapshotAction(component, containersOf(component), leftOut(component)));
    out.push(a);
  });
  return out;
}
