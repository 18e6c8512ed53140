import { catalog, containersOf, enabledComponents } from '../../shared/datacenter/catalog';
import type { DatacenterStatus, MemberIssue } from '../../shared/datacenter/plan';
import type { ComponentKind, DatacenterSpec } from '../../shared/datacenter/spec';
import { toErrorShape } from '../../shared/errors';
import type { LxdClient } from '../lxd';
import { toInstanceView } from '../endpoints/instance-view';
import { checkHealth } from './health';
import { componentOfName } from './plan-removals';
import { MARK, namesFor } from './naming';
import type { ContainerRecipe } from './recipe';

type Health = DatacenterStatus['components'][number]['health'];
type ContainerStatus = DatacenterStatus['components'][number]['containers'][number];

const rank: Record<Health, number> = { unhealthy: 0, missing: 1, stopped: 2, starting: 3, unknown: 4, degraded: 5, healthy: 6 };

/** The recipe's status-only check (the gateway's Tor): why the container is degraded, if it is. */
async function degradedBecause(client: LxdClient, project: string, name: string, recipe: ContainerRecipe): Promise<string | undefined> {
  if (!recipe.statusCheck) return undefined;
  const res = await client.exec.run(name, recipe.statusCheck.command, { project, idempotent: true }).catch(() => undefined);
  return res?.exitCode === 0 ? recipe.statusCheck.verdict(res.stdout.toString('utf8')) : undefined;
}

async function containerStatus(client: LxdClient, project: string, name: string, recipe: ContainerRecipe | undefined, cluster?: ClusterView): Promise<ContainerStatus> {
  if (cluster) {
    const location = cluster.locations[name];
    const member = cluster.members.find((m) => m.name === location);
    if (location && member && member.status !== 'Online') {
      return { name, status: cluster.statuses[name] ?? 'Unknown', service: 'unknown', health: member.status === 'Evacuated' ? 'stopped' : 'unknown', ipv4: [], location, message: `Member ${location} is ${member.status.toLowerCase()}${member.message ? ` (${member.message})` : ''}.` };
    }
    const status = await containerStatusOn(client, project, name, recipe);
    return location ? { ...status, location } : status;
  }
  return containerStatusOn(client, project, name, recipe);
}

async function containerStatusOn(client: LxdClient, project: string, name: string, recipe: ContainerRecipe | undefined): Promise<ContainerStatus> {
  const instance = await client.instances.get(name, { project }).catch(() => undefined);
  if (!instance) return { name, status: 'Missing', service: 'none', health: 'missing', ipv4: [] };
  if (instance.status_code !== 103) return { name, status: instance.status, service: 'inactive', health: 'stopped', ipv4: [] };
  const state = await client.instances.state(name, { project }).catch(() => null);
  const ipv4 = toInstanceView({ ...instance, state }).ipv4;
  const units = recipe?.units.map((u) => u.name) ?? [];
  let service: ContainerStatus['service'] = 'none';
  if (units.length) {
    const active = await client.exec.run(name, ['systemctl', 'is-active', ...units], { project, idempotent: true }).catch(() => undefined);
    const words = active?.stdout.toString('utf8').trim().split(/\s+/) ?? [];
    service = !active ? 'unknown' : words.every((w) => w === 'active') ? 'active' : words.includes('failed') ? 'failed' : 'inactive';
    if (service !== 'active') {
      // failed: it crashed; inactive: it is stopped (not starting: nothing will start it); else on its way
      const health = words.includes('failed') ? 'unhealthy' : words.includes('inactive') ? 'stopped' : 'starting';
      return { name, status: instance.status, service, health, ipv4, message: `${units.join(', ')}: ${words.join(', ') || 'unknown'}` };
    }
  }
  if (!recipe) return { name, status: instance.status, service, health: 'healthy', ipv4 };
  const result = await checkHealth(client, project, name, recipe.health).catch((err: unknown) => ({ healthy: false, output: String(err) }));
  if (!result.healthy) {
    return { name, status: instance.status, service, health: 'starting', ipv4, message: `${recipe.health.describe}: ${result.output.split('\n').slice(-1)[0] ?? 'no answer yet'}` };
  }
  const why = await degradedBecause(client, project, name, recipe);
  return why ? { name, status: instance.status, service, health: 'degraded', ipv4, message: why } : { name, status: instance.status, service, health: 'healthy', ipv4 };
}

/** BCM's containers in the project that the spec no longer names (the next apply removes them). */
async function orphansOf(client: LxdClient, spec: DatacenterSpec, project: string): Promise<NonNullable<DatacenterStatus['orphans']>> {
  const wanted = new Set(containersOf(spec).map((c) => c.name));
  const instances = await client.instances.list({ project, recursion: 1 });
  const out: NonNullable<DatacenterStatus['orphans']> = [];
  for (const inst of instances) {
    if (wanted.has(inst.name) || inst.config[MARK.datacenter] !== spec.name) continue;
    const kind = componentOfName(inst.name, inst.config[MARK.component]);
    if (!kind) continue;
    const running = inst.status_code === 103;
    out.push({
      kind,
      title: catalog[kind].title,
      container: { name: inst.name, status: inst.status, service: 'unknown', health: running ? 'unknown' : 'stopped', ipv4: [], message: `${catalog[kind].title} is no longer in the settings: the next apply removes this container.` },
    });
  }
  return out;
}

/** On a cluster: the members and where the datacenter's containers are (LXD's database answers for every member). */
interface ClusterView {
  members: Array<{ name: string; status: string; message: string }>;
  locations: Record<string, string>;
  statuses: Record<string, string>;
}

async function clusterView(client: LxdClient, project: string, deployed: boolean): Promise<ClusterView | undefined> {
  const server = await client.serverInfo();
  if (!server.environment?.server_clustered) return undefined;
  const [members, instances] = await Promise.all([client.cluster.members(), deployed ? client.instances.list({ project, recursion: 1 }) : Promise.resolve([])]);
  return {
    members: members.map((m) => ({ name: m.server_name, status: m.status, message: m.message })),
    locations: Object.fromEntries(instances.filter((i) => i.location).map((i) => [i.name, i.location ?? ''])),
    statuses: Object.fromEntries(instances.map((i) => [i.name, i.status])),
  };
}

/** Members not Online, with the components and containers of this datacenter they hold. */
export function memberIssues(cluster: ClusterView, containers: ReadonlyArray<{ name: string; component: ComponentKind }>): MemberIssue[] {
  return cluster.members
    .filter((m) => m.status !== 'Online')
    .map((m) => {
      const held = containers.filter((c) => cluster.locations[c.name] === m.name);
      return { member: m.name, status: m.status, message: m.message, containers: held.map((c) => c.name), components: [...new Set(held.map((c) => c.component))] };
    })
    .filter((i) => i.containers.length > 0);
}

/** Per component: containers, their LXD state, their services and health. */
export async function datacenterStatus(client: LxdClient, spec: DatacenterSpec, recipes: Record<string, ContainerRecipe>): Promise<DatacenterStatus> {
  const names = namesFor(spec.name);
  const base = { name: spec.name, endpoint: spec.endpoint, project: names.project, checkedAt: new Date().toISOString() };
  try {
    const project = (await client.projects.list()).find((p) => p.name === names.project);
    const deployed = project?.config?.[MARK.datacenter] === spec.name;
    const containers = containersOf(spec);
    const cluster = await clusterView(client, names.project, deployed);
    const statuses = deployed
      ? await Promise.all(containers.map((c) => containerStatus(client, names.project, c.name, recipes[c.name], cluster)))
      : containers.map((c): ContainerStatus => ({ name: c.name, status: 'Missing', service: 'none', health: 'missing', ipv4: [] }));
    const worst = (list: ContainerStatus[]): Health => list.reduce<Health>((w, s) => (rank[s.health] < rank[w] ? s.health : w), 'healthy');
    const components = enabledComponents(spec).map((kind) => {
      const mine = statuses.filter((s) => containers.find((c) => c.name === s.name)?.component === kind);
      // A component without containers of its own (logging runs in every container and ships to
      // Kafka) is as healthy as the components it depends on.
      const deps = catalog[kind].dependsOn(spec);
      const health = mine.length
        ? worst(mine)
        : worst(statuses.filter((s) => containers.some((c) => c.name === s.name && deps.includes(c.component))));
      return { kind, title: catalog[kind].title, health, containers: mine };
    });
    const onCluster = cluster ? { members: cluster.members, memberIssues: memberIssues(cluster, containers) } : {};
    return { ...base, deployed, components, orphans: deployed ? await orphansOf(client, spec, names.project) : [], ...onCluster };
  } catch (err) {
    return { ...base, deployed: false, components: [], error: toErrorShape(err) };
  }
}
