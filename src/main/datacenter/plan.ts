import { catalog, containersOf, estimate, type ContainerPlan } from '../../shared/datacenter/catalog';
import type { Plan, PlanAction } from '../../shared/datacenter/plan';
import type { ComponentKind, DatacenterSpec } from '../../shared/datacenter/spec';
import { ISOLATION_EXTENSIONS } from './isolation';
import type { Observed } from './observe';
import type { ContainerRecipe } from './recipe';
import { BASE_PROFILE, MARK, STORAGE_POOL, addressesFor, hashOf, namesFor, volumeName } from './naming';
import { planRemovals } from './plan-removals';
import { planRemoteAccess, type RemoteAccessPlanInput } from './remote-access/plan-onion';
import { planWalletPairing } from './wallet-onion/plan';
import { planAppOnions, type AppOnionPlanInput } from './app-onion/plan';
import { withSnapshots } from './snapshots/plan';
import { volumesLeftOut } from './snapshots/policy';
import { planPlacement, type PlannedPlacement } from './placement';

export const REQUIRED_EXTENSIONS = ['projects', 'network', 'storage', 'instances', ...ISOLATION_EXTENSIONS];
const RUNNING = 103;
const GiB = 1024 ** 3;

export interface PlanInput {
  spec: DatacenterSpec;
  observed: Observed;
  /** per container name */
  recipes: Record<string, ContainerRecipe>;
  /** artifact name -> the SHA-256 that will be installed (catalog pin or spec override) */
  artifactHashes: Record<string, string>;
  /** remote access (issue 6): the gateway's wanted onion record, or why it cannot be made */
  remoteAccess?: RemoteAccessPlanInput;
  /** wallet pairing (issue 13): the gateway's wanted wallet-onion record */
  walletPairing?: { record?: string };
  /** app onions: the published ports and the records the gateway should carry */
  appOnions?: AppOnionPlanInput;
  /** components no longer in the spec whose data volumes go too (else kept) */
  deleteData?: readonly ComponentKind[];
  /**
   * Per app container of any installed manifest: the containers it needs (src/main/apps/engine.ts
   * manifestNeeds), so that removed apps go before the apps they need.
   */
  removalNeeds?: Readonly<Record<string, readonly string[]>>;
}

/** The record each step leaves on its instance once done, and what it is compared with. */
export function stepRecords(container: ContainerPlan, recipe: ContainerRecipe, spec: DatacenterSpec, artifactHashes: Record<string, string>) {
  const address = addressesFor(spec)[container.name] ?? null;
  // where it runs is compared with its location (a move), not recorded: `member` stays null
  const instance = hashOf({ size: container.size, image: recipe.image ?? spec.image, member: null, userData: recipe.userData, volumes: recipe.volumes, address });
  const artifacts = Object.fromEntries(recipe.artifacts.map((a) => [a.artifact, hashOf({ sha: artifactHashes[a.artifact] ?? null, installs: a.installs })]));
  const config = hashOf(recipe.files);
  const service = hashOf({ units: recipe.units, config, artifacts });
  return { instance, artifacts, config, service };
}

/** The record start-instance leaves once the container's first boot (cloud-init) has finished. */
export const BOOT_STEP = 'boot';

/**
 * The first boot finished: its record, or (containers deployed before the record existed) a record
 * only a later step leaves.
 */
function booted(config: Record<string, string>): boolean {
  return Object.keys(config).some((k) => k.startsWith(MARK.step) && k !== `${MARK.step}instance` && !k.startsWith(`${MARK.step}onion`) && !k.startsWith(`${MARK.step}wallet-onion`));
}

const action = (kind: PlanAction['kind'], component: PlanAction['component'], target: string, title: string, detail?: string): PlanAction =>
  detail === undefined ? { id: `${kind}:${target}`, kind, component, target, title } : { id: `${kind}:${target}`, kind, component, target, title, detail };

/** The same action, made on a cluster member (issue 14): the member in its title and its `target`. */
const on = (a: PlanAction, member: string | undefined): PlanAction => (member ? { ...a, member, title: `${a.title} on ${member}` } : a);

function sizeText(c: ContainerPlan): string {
  const mem = c.size.memoryMiB >= 1024 ? `${+(c.size.memoryMiB / 1024).toFixed(1)} GiB` : `${c.size.memoryMiB} MiB`;
  return `${c.size.cpus} CPU${c.size.cpus > 1 ? 's' : ''}, ${mem} memory, ${c.size.diskGiB} GiB disk`;
}

function blockersFor(input: PlanInput): string[] {
  const { spec, observed } = input;
  const names = namesFor(spec.name);
  const blockers: string[] = [];
  const missing = REQUIRED_EXTENSIONS.filter((e) => !observed.extensions.includes(e));
  if (missing.length) blockers.push(`The LXD server on "${spec.endpoint}" lacks the API extensions ${missing.join(', ')}. Update LXD to 5.0 or later.`);
  if (observed.project.exists && observed.project.datacenter !== spec.name) {
    blockers.push(`An LXD project named "${names.project}" already exists and was not created by BCM for this datacenter. BCM will not touch it: choose another datacenter name.`);
  }
  for (const [net, cidr] of [[names.internalNetwork, names.internalCidr], [names.natNetwork, names.natCidr]] as const) {
    const found = observed.networks.find((n) => n.name === net);
    if (found && found.datacenter !== spec.name) blockers.push(`A network named "${net}" exists that BCM did not create for this datacenter; BCM will not touch it.`);
    const clash = observed.networks.find((n) => n.name !== net && n.cidr === cidr);
    if (clash) blockers.push(`The subnet ${cidr} is already used by the network "${clash.name}". Choose another datacenter name (the subnet is derived from it).`);
  }
  if (!observed.pool.exists) blockers.push(`The LXD server has no storage pool named "${STORAGE_POOL}". Create one (lxd init) and plan again.`);
  const existing = new Set(observed.instances.map((i) => i.name));
  const newContainers = containersOf(spec).filter((c) => !existing.has(c.name));
  if (newContainers.length && observed.pool.freeBytes !== undefined) {
    const est = estimate(spec);
    const needGiB = est.perComponent
      .filter((p) => newContainers.some((c) => c.component === p.kind))
      .reduce((n, p) => n + p.diskGiB, 0);
    const freeGiB = observed.pool.freeBytes / GiB;
    if (freeGiB < needGiB) {
      blockers.push(`Too little disk: the ${spec.chain} datacenter needs about ${Math.ceil(needGiB)} GiB and the storage pool has ${Math.floor(freeGiB)} GiB free. Free some space, choose pruning, or a smaller chain.`);
    }
  }
  for (const [name, artifactName] of containersOf(spec).flatMap((c) => (input.recipes[c.name]?.artifacts ?? []).map((a) => [c.name, a.artifact] as const))) {
    if (!input.artifactHashes[artifactName]) {
      blockers.push(`The artifact "${artifactName}" for ${name} has no pinned SHA-256, so BCM refuses to install it. Supply a verified file with its hash (Advanced → local artifacts).`);
    }
  }
  return blockers;
}

/**
 * The ordered actions that take what exists to what the spec says. Pure: the same inputs give the
 * same plan, and a converged datacenter gives an empty one.
 */
const ISOLATED = 'Traffic stays between the datacenter’s containers: the host, other networks and the outside are refused (LXD network ACL); only the gateway reaches out, over its own NIC.';

export function planApply(input: PlanInput): Plan {
  const { spec, observed, recipes, artifactHashes } = input;
  const names = namesFor(spec.name);
  const actions: PlanAction[] = [];
  const dc = 'datacenter' as const;
  if (!observed.project.exists) actions.push(action('create-project', dc, names.project, `Create LXD project ${names.project}`));
  if (!observed.networks.some((n) => n.name === names.internalNetwork)) {
    actions.push(action('create-network', dc, names.internalNetwork, `Create internal network ${names.internalNetwork} (${names.internalCidr}, no route out)`, ISOLATED));
  } else if (observed.isolationDrift?.length) {
    actions.push(action('isolate-network', dc, names.internalNetwork, `Isolate internal network ${names.internalNetwork}: only the datacenter's containers reach each other`, `Today ${observed.isolationDrift.join('; ')}.`));
  }
  if (!observed.networks.some((n) => n.name === names.natNetwork)) {
    actions.push(action('create-network', dc, names.natNetwork, `Create outbound network ${names.natNetwork} (${names.natCidr}, NAT, gateway only)`));
  }
  if (!observed.profiles.includes(BASE_PROFILE)) actions.push(action('create-profile', dc, BASE_PROFILE, `Create profile ${BASE_PROFILE} (root disk on pool ${STORAGE_POOL})`));
  // what the spec no longer names goes first: a replacement may take its address (btcd ↔ bitcoind)
  const removed = planRemovals(spec, observed, recipes, input.deleteData ?? [], input.removalNeeds);
  actions.push(...removed.actions);
  const placement: PlannedPlacement | undefined = observed.cluster ? planPlacement(spec, observed.cluster) : undefined;

  for (const container of containersOf(spec)) {
    const recipe = recipes[container.name];
    if (!recipe) continue;
    const kind: ComponentKind = container.component;
    const title = recipe.title ?? catalog[kind].title;
    const records = stepRecords(container, recipe, spec, artifactHashes);
    const found = observed.instances.find((i) => i.name === container.name);
    const done = (key: string, hash: string): boolean => found?.config[`${MARK.step}${key}`] === hash;
    const before = actions.length;
    const place = placement?.of(container.name);
    const moving = found && place?.from ? place : undefined;

    for (const v of recipe.volumes) {
      const vol = volumeName(container.name, v.name);
      if (!observed.volumes.includes(vol)) actions.push(on(action('create-volume', kind, vol, `Create data volume ${vol} for ${title} (mounted at ${v.path})`), place?.member));
    }
    if (moving) {
      const vols = recipe.volumes.map((v) => volumeName(container.name, v.name));
      actions.push({
        ...action('move-instance', kind, container.name, `${found?.statusCode === RUNNING ? 'Stop and move' : 'Move'} ${container.name} from ${moving.from} to ${moving.member}`, vols.length ? `with its data volume${vols.length > 1 ? 's' : ''} ${vols.join(', ')} (copied to ${moving.member}, then removed from ${moving.from})` : undefined),
        member: moving.member,
      });
    }
    if (!found) {
      actions.push(on(action('create-instance', kind, container.name, `Create container ${container.name} (${sizeText(container)})`, `${title}; image ${(recipe.image ?? spec.image).alias}${container.outbound ? '; outbound access through NAT' : '; internal network only'}`), place?.member));
    } else if (!done('instance', records.instance)) {
      actions.push(action('update-instance', kind, container.name, `Update container ${container.name} (${sizeText(container)})`));
    }
    // a running container whose first boot was not seen to finish (an apply killed during it) is
    // started again, which waits for cloud-init: the next steps need what its first boot makes
    if (!found || moving || found.statusCode !== RUNNING || !booted(found.config)) actions.push(action('start-instance', kind, container.name, `Start ${container.name} and wait for its first-boot setup`));
    for (const a of recipe.artifacts) {
      const hash = records.artifacts[a.artifact] ?? '';
      if (!done(`artifact.${a.artifact}`, hash)) {
        const sha = artifactHashes[a.artifact];
        actions.push(action('install-artifact', kind, `${container.name}/${a.artifact}`, `Install ${a.artifact} into ${container.name}`, sha ? `verified against SHA-256 ${sha}` : 'unpinned'));
      }
    }
    if (recipe.files.length && !done('config', records.config)) {
      actions.push(action('write-config', kind, container.name, `Write ${title} configuration (${recipe.files.map((f) => f.path).join(', ')})`));
    }
    // a container that had units and now has none (logging turned off) still needs its old ones removed
    if ((recipe.units.length || found?.config[`${MARK.step}service`] !== undefined) && !done('service', records.service)) {
      const units = recipe.units.map((u) => u.name).join(', ');
      actions.push(action('enable-service', kind, container.name, units ? `Enable and (re)start ${units}` : `Remove the services ${container.name} no longer runs`));
    }
    if (actions.length > before) actions.push(action('wait-healthy', kind, container.name, `Wait until ${title} is healthy (${recipe.health.describe})`));
  }
  const remote = planRemoteAccess(spec, observed, actions, input.remoteAccess); // after the gateway is healthy
  actions.push(...remote.actions);
  actions.push(...planWalletPairing(spec, observed, actions, input.walletPairing?.record));
  actions.push(...planAppOnions(spec, observed, actions, input.appOnions));
  return {
    datacenter: spec.name,
    endpoint: spec.endpoint,
    project: names.project,
    operation: 'apply',
    actions: withSnapshots(actions, observed, (component) => (observed.pool.driver ? volumesLeftOut(observed.pool.driver, spec, component) : undefined)),
    blockers: [...blockersFor(input), ...remote.blockers, ...(placement?.blockers ?? [])],
    removals: removed.removals,
    ...(placement ? { placement: placement.placements, checks: placement.checks } : {}),
  };
}

/** Removes what BCM created for this datacenter, and nothing else. */
export function planDown(spec: DatacenterSpec, observed: Observed, keepData: boolean): Plan {
  const names = namesFor(spec.name);
  const actions: PlanAction[] = [];
  const blockers: string[] = [];
  const ours = observed.project.exists && observed.project.datacenter === spec.name;
  if (observed.project.exists && !ours) {
    blockers.push(`The LXD project "${names.project}" was not created by BCM for this datacenter; BCM will not remove it.`);
  }
  if (ours) {
    const order = containersOf(spec).map((c) => c.name).reverse();
    const byOrder = [...observed.instances].sort((a, b) => {
      const ia = order.indexOf(a.name);
      const ib = order.indexOf(b.name);
      return (ia < 0 ? -1 : ia) - (ib < 0 ? -1 : ib);
    });
    for (const inst of byOrder) {
      const component = (inst.config[MARK.component] as ComponentKind | undefined) ?? 'datacenter';
      if (!inst.config[MARK.datacenter]) continue; // not ours: left alone (and the project stays)
      if (inst.statusCode === RUNNING) actions.push(action('stop-instance', component, inst.name, `Stop ${inst.name}`));
      actions.push(action('delete-instance', component, inst.name, `Delete container ${inst.name}`));
    }
    if (!keepData) for (const vol of observed.volumes) actions.push(action('delete-volume', 'datacenter', vol, `Delete data volume ${vol}`));
    const foreign = observed.instances.some((i) => !i.config[MARK.datacenter]);
    const projectEmptied = !foreign && (!keepData || observed.volumes.length === 0);
    if (projectEmptied) {
      if (observed.profiles.includes(BASE_PROFILE)) actions.push(action('delete-profile', 'datacenter', BASE_PROFILE, `Delete profile ${BASE_PROFILE}`));
      actions.push(action('delete-project', 'datacenter', names.project, `Delete LXD project ${names.project}`));
    }
  }
  for (const net of [names.internalNetwork, names.natNetwork]) {
    const found = observed.networks.find((n) => n.name === net);
    if (found?.datacenter === spec.name) actions.push(action('delete-network', 'datacenter', net, `Delete network ${net}`));
  }
  return { datacenter: spec.name, endpoint: spec.endpoint, project: names.project, operation: 'down', actions, blockers, removals: [] };
}
