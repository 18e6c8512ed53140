import { catalog, containersOf } from '../../shared/datacenter/catalog';
import type { Plan, PlanAction, StepState } from '../../shared/datacenter/plan';
import type { ComponentKind, DatacenterSpec } from '../../shared/datacenter/spec';
import { BcmError } from '../../shared/errors';
import { volumeName } from './naming';
import type { ContainerRecipe } from './recipe';

/**
 * An apply plan as a DAG: which actions each action waits for, so that independent containers are
 * built at once (issue 12). Pure. The plan's list order stays a topological order (every edge points
 * to an earlier action), so the UI keeps listing steps in plan order and running the list one by one
 * is still a valid schedule.
 */

/** What the DAG needs to know about one container of the spec. */
export interface DagContainer {
  name: string;
  component: ComponentKind;
  /** the names of its data volumes (the targets of its create-volume actions) */
  volumes: string[];
  /** its first boot installs Debian packages (cloud-init), which only the gateway's proxy can fetch */
  bootUsesProxy: boolean;
  /**
   * An app's container (issue 14): the containers that must be healthy before its services start,
   * those of the apps and built-ins its app needs (src/main/apps/engine.ts `after`). Absent: none
   * beyond its component's `dependsOn`.
   */
  after?: string[];
}

export interface DagContext {
  /** every container of the spec, in dependency order (containersOf) */
  containers: DagContainer[];
  /** per component: the components that must be healthy before its services start (catalog `dependsOn`) */
  dependsOn: Partial<Record<ComponentKind, ComponentKind[]>>;
}

/** action id -> the ids of the actions it waits for (all earlier in the plan) */
export type Prerequisites = ReadonlyMap<string, readonly string[]>;

/**
 * A recipe's user-data installs packages on first boot: `apt-get` in its commands (common.ts
 * `installMissing`) or cloud-init's own `packages:` list. A service container has no route out but
 * the gateway's proxy.
 */
export function bootUsesProxy(recipe: Pick<ContainerRecipe, 'userData'>): boolean {
  return /\bapt-get\b|^packages:/m.test(recipe.userData);
}

/** `after`: per app container, the containers it waits for (src/main/apps/engine.ts); the spec's apps in that order */
export function dagContext(spec: DatacenterSpec, recipes: Record<string, Pick<ContainerRecipe, 'userData' | 'volumes'>>, after: Readonly<Record<string, string[]>> = {}): DagContext {
  const containers = containersOf(spec).map((c): DagContainer => {
    const recipe = recipes[c.name];
    return {
      name: c.name,
      component: c.component,
      volumes: (recipe?.volumes ?? []).map((v) => volumeName(c.name, v.name)),
      bootUsesProxy: recipe ? bootUsesProxy(recipe) : false,
      ...(after[c.name]?.length ? { after: after[c.name] } : {}),
    };
  });
  const dependsOn: DagContext['dependsOn'] = {};
  for (const c of containers) dependsOn[c.component] = catalog[c.component].dependsOn(spec);
  return { containers, dependsOn };
}

/** Each action waits for the one before it: today's order, for take-downs and anything unknown. */
export function sequentialPrerequisites(actions: readonly PlanAction[]): Prerequisites {
  return new Map(actions.map((a, i) => [a.id, i === 0 ? [] : [actions[i - 1]!.id]]));
}

/** The container an action works on, from its target: "lnd", "lnd/lnd" (an artifact), "lnd-data" (a volume). */
function containerOf(action: PlanAction, ctx: DagContext): DagContainer | undefined {
  const byName = (name: string): DagContainer | undefined => ctx.containers.find((c) => c.name === name);
  return byName(action.target) ?? byName(action.target.split('/')[0] ?? '') ?? ctx.containers.find((c) => c.volumes.includes(action.target));
}

/**
 * The edges of an apply plan, each for a reason that a wrong edge would turn into a flaky deploy:
 *
 * 1. Shared datacenter objects (project, networks and their ACL, profile) run one after another, in
 *    plan order (the profile lives in the project; they take milliseconds), and every container
 *    action waits for all of them: instances are created in the project, on the networks, with the
 *    profile.
 * 2. A container's own steps run in plan order (volumes, create/update, start, artifacts, config,
 *    service, health): each builds on the one before (a volume is attached at creation, files need
 *    the container booted, the service needs its binary and config, health needs the service).
 *    Different containers' steps are independent unless an edge below says otherwise: creating,
 *    booting and installing into btcd and lnd overlap. (Artifacts are pushed from the host through
 *    the LXD files API, not through the gateway, so install-artifact needs nothing of the gateway.)
 * 3. A container whose first boot installs Debian packages (Kafka's JRE, Core Lightning's
 *    libraries) starts only once the gateway is healthy: its only way out is the gateway's proxy,
 *    and cloud-init's apt-get fails without it (start-instance waits for cloud-init).
 * 4. A component's services start only once the components it depends on (catalog `dependsOn`) are
 *    healthy: lnd's enable-service waits for btcd's (or bitcoind's) wait-healthy, since lnd needs the
 *    node's RPC to start; every service waits for the gateway (its proxy and Tor). The edge sits on
 *    the step that starts the services: enable-service; without one in this plan, start-instance
 *    (an installed container's enabled services start at boot); without either, wait-healthy.
 *    An app's services likewise wait for the containers of what its app needs (`after`: the apps it
 *    requires or whose roles it requires, and the built-ins providing its required roles): an app
 *    comes up after the apps it talks to, and apps that need nothing of each other come up at once.
 * 5. The containers of one component are health-checked in order: Kafka's last broker is healthy
 *    only once every broker has joined the quorum (kafkaHealth), so its check waits for the earlier
 *    brokers' checks. They are still created, booted and installed at once. Not so apps' containers
 *    (all of component `app`): an app's health check waits for nothing of an app it does not need.
 * 6. publish-onion changes the gateway's Tor and devices: it waits for the gateway's last
 *    bring-up step (its wait-healthy), never runs beside another gateway step.
 * "Healthy" is the container's wait-healthy in this plan, else its last planned step, else nothing:
 * a container with nothing planned is converged (running, every record in place).
 * 7. Anything else (an action of no known container) waits for every earlier action and every later
 *    action waits for it: an unknown step never runs beside another.
 */
export function applyPrerequisites(actions: readonly PlanAction[], ctx: DagContext): Prerequisites {
  const edges = new Map<string, Set<string>>(actions.map((a) => [a.id, new Set<string>()]));
  const position = new Map(actions.map((a, i) => [a.id, i]));
  const chains = new Map<string, PlanAction[]>(); // container -> its bring-up steps, in plan order
  const onion: PlanAction[] = [];
  let barrier: string | undefined; // the last shared or unknown action: everything later waits for it
  let lastShared: string | undefined;
  actions.forEach((action, i) => {
    const mine = edges.get(action.id)!;
    const container = action.component === 'datacenter' ? undefined : containerOf(action, ctx);
    if (action.component === 'datacenter' || !container) {
      const earlier = actions.slice(0, i);
      const sharedOnly = action.component === 'datacenter' && earlier.every((a) => a.component === 'datacenter');
      // (1) shared objects in order; (7) anything else, or a shared object after containers, is a barrier
      for (const a of sharedOnly ? (lastShared ? [{ id: lastShared }] : []) : earlier) mine.add(a.id);
      if (action.component === 'datacenter') lastShared = action.id;
      barrier = action.id;
      return;
    }
    const chain = action.kind === 'publish-onion' ? [] : (chains.get(container.name) ?? []);
    const previous = chain[chain.length - 1];
    if (previous) mine.add(previous.id); // (2)
    // (1) a container's first step waits for the shared objects (its later ones do through it),
    // and (7) every step after an unknown one waits for it
    if (barrier !== undefined && (!previous || position.get(barrier)! > position.get(previous.id)!)) mine.add(barrier);
    if (action.kind === 'publish-onion') onion.push(action);
    else chains.set(container.name, [...chain, action]);
  });

  const health = (name: string): string | undefined => {
    const chain = chains.get(name) ?? [];
    return (chain.find((a) => a.kind === 'wait-healthy') ?? chain[chain.length - 1])?.id;
  };
  const add = (from: string | undefined, to: string | undefined): void => {
    if (from && to) edges.get(from)?.add(to);
  };
  const ofComponent = (kind: ComponentKind): DagContainer[] => ctx.containers.filter((c) => c.component === kind);
  const step = (name: string, kind: PlanAction['kind']): string | undefined => chains.get(name)?.find((a) => a.kind === kind)?.id;

  for (const c of ctx.containers) {
    if (!chains.has(c.name)) continue;
    // (3) packages on first boot come through the gateway's proxy
    if (c.bootUsesProxy && c.component !== 'gateway') for (const g of ofComponent('gateway')) add(step(c.name, 'start-instance'), health(g.name));
    // (4) services start once what they depend on is healthy
    const gate = step(c.name, 'enable-service') ?? step(c.name, 'start-instance') ?? step(c.name, 'wait-healthy');
    for (const dep of ctx.dependsOn[c.component] ?? []) for (const d of ofComponent(dep)) add(gate, health(d.name));
    for (const d of c.after ?? []) add(gate, health(d));
    // (5) siblings are health-checked in order (not apps: what they need of each other is `after`)
    const siblings = ofComponent(c.component).filter((s) => chains.has(s.name));
    const before = siblings[siblings.indexOf(c) - 1];
    if (before && c.component !== 'app') add(step(c.name, 'wait-healthy'), health(before.name));
  }
  // (6) remote access after the gateway's bring-up
  for (const a of onion) for (const g of ofComponent('gateway')) add(a.id, chains.get(g.name)?.at(-1)?.id);

  const out = new Map<string, string[]>();
  for (const [id, set] of edges) {
    const list = [...set].sort((a, b) => position.get(a)! - position.get(b)!);
    // the list order must stay a topological order (the UI lists steps that way)
    if (list.some((p) => position.get(p)! >= position.get(id)!)) throw new BcmError('INTERNAL', `The plan's order does not respect the prerequisites of ${id}.`);
    out.set(id, list);
  }
  return out;
}

/** The DAG of a plan: a take-down stays sequential (containers stop before their networks go, in order). */
export function planPrerequisites(plan: Pick<Plan, 'operation' | 'actions'>, ctx: DagContext): Prerequisites {
  return plan.operation === 'apply' ? applyPrerequisites(plan.actions, ctx) : sequentialPrerequisites(plan.actions);
}

/**
 * The pending actions whose prerequisites are all done, in plan order. A prerequisite that is not
 * in the plan counts as done (it was done before this plan was made).
 */
export function readyActions(actions: readonly PlanAction[], prerequisites: Prerequisites, state: (id: string) => StepState | undefined): string[] {
  const planned = new Set(actions.map((a) => a.id));
  return actions
    .filter((a) => state(a.id) === 'pending')
    .filter((a) => (prerequisites.get(a.id) ?? []).every((p) => !planned.has(p) || state(p) === 'done'))
    .map((a) => a.id);
}

/**
 * The longest dependency chain of a run: the path through the DAG with the largest sum of step
 * durations (what no amount of parallelism can beat), and the steps on it in order.
 */
export function criticalPath(actions: readonly PlanAction[], prerequisites: Prerequisites, durationMs: (id: string) => number): { ms: number; ids: string[] } {
  const best = new Map<string, { ms: number; via: string | undefined }>();
  for (const a of actions) {
    let via: string | undefined;
    let before = 0;
    for (const p of prerequisites.get(a.id) ?? []) {
      const b = best.get(p);
      if (b && b.ms > before) [before, via] = [b.ms, p];
    }
    best.set(a.id, { ms: before + durationMs(a.id), via });
  }
  let end: string | undefined;
  for (const [id, b] of best) if (end === undefined || b.ms > best.get(end)!.ms) end = id;
  const ids: string[] = [];
  for (let id = end; id !== undefined; id = best.get(id)?.via) ids.unshift(id);
  return { ms: end === undefined ? 0 : best.get(end)!.ms, ids };
}
