import { catalog, containersOf, enabledComponents } from '../../shared/datacenter/catalog';
import type { DatacenterStatus } from '../../shared/datacenter/plan';
import type { DatacenterSpec } from '../../shared/datacenter/spec';
import { toErrorShape } from '../../shared/errors';
import type { LxdClient } from '../lxd';
import { toInstanceView } from '../endpoints/instance-view';
import { checkHealth } from './health';
import { MARK, namesFor } from './naming';
import type { ContainerRecipe } from './recipe';

type Health = DatacenterStatus['components'][number]['health'];
type ContainerStatus = DatacenterStatus['components'][number]['containers'][number];

const rank: Record<Health, number> = { unhealthy: 0, missing: 1, stopped: 2, starting: 3, unknown: 4, healthy: 5 };

async function containerStatus(client: LxdClient, project: string, name: string, recipe: ContainerRecipe | undefined): Promise<ContainerStatus> {
  const instance = await client.instances.get(name, { project }).catch(() => undefined);
  if (!instance) return { name, status: 'Missing', service: 'none', health: 'missing', ipv4: [] };
  if (instance.status_code !== 103) return { name, status: instance.status, service: 'inactive', health: 'stopped', ipv4: [] };
  const state = await client.instances.state(name, { project }).catch(() => null);
  const ipv4 = toInstanceView({ ...instance, state }).ipv4;
  if (!recipe || !recipe.units.length) return { name, status: instance.status, service: 'none', health: 'healthy', ipv4 };
  const units = recipe.units.map((u) => u.name);
  const active = await client.exec.run(name, ['systemctl', 'is-active', ...units], { project, idempotent: true }).catch(() => undefined);
  const words = active?.stdout.toString('utf8').trim().split(/\s+/) ?? [];
  const service: ContainerStatus['service'] = !active ? 'unknown' : words.every((w) => w === 'active') ? 'active' : words.includes('failed') ? 'failed' : 'inactive';
  if (service !== 'active') {
    return { name, status: instance.status, service, health: service === 'failed' ? 'unhealthy' : 'starting', ipv4, message: `${units.join(', ')}: ${words.join(', ') || 'unknown'}` };
  }
  const result = await checkHealth(client, project, name, recipe.health).catch((err: unknown) => ({ healthy: false, output: String(err) }));
  return {
    name,
    status: instance.status,
    service,
    health: result.healthy ? 'healthy' : 'starting',
    ipv4,
    ...(result.healthy ? {} : { message: `${recipe.health.describe}: ${result.output.split('\n').slice(-1)[0] ?? 'no answer yet'}` }),
  };
}

/** Per component: containers, their LXD state, their services and health. */
export async function datacenterStatus(client: LxdClient, spec: DatacenterSpec, recipes: Record<string, ContainerRecipe>): Promise<DatacenterStatus> {
  const names = namesFor(spec.name);
  const base = { name: spec.name, endpoint: spec.endpoint, project: names.project, checkedAt: new Date().toISOString() };
  try {
    const project = (await client.projects.list()).find((p) => p.name === names.project);
    const deployed = project?.config?.[MARK.datacenter] === spec.name;
    const containers = containersOf(spec);
    const statuses = deployed
      ? await Promise.all(containers.map((c) => containerStatus(client, names.project, c.name, recipes[c.name])))
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
    return { ...base, deployed, components };
  } catch (err) {
    return { ...base, deployed: false, components: [], error: toErrorShape(err) };
  }
}
