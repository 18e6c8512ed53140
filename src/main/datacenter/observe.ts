import type { PlacementMember } from '../../shared/datacenter/placement';
import { clusterMembers } from '../endpoints/members';
import type { LxdClient } from '../lxd';
import { StorageVolumesApi } from '../lxd/volumes';
import { isolationDrift } from './isolation';
import { MARK, STORAGE_POOL, namesFor } from './naming';

/** What exists on the endpoint that the planner needs to know. Plain data. */
export interface Observed {
  extensions: string[];
  project: { exists: boolean; datacenter?: string };
  /** every network of the default project, for clash checks */
  networks: Array<{ name: string; datacenter?: string; cidr?: string; usedBy: number }>;
  /** what keeps this datacenter's internal bridge from being isolated (empty: isolated; absent: no bridge) */
  isolationDrift?: string[];
  profiles: string[];
  volumes: string[];
  instances: Array<{ name: string; statusCode: number; config: Record<string, string> }>;
  /** BCM's storage pool: its driver says what a snapshot costs (./snapshots/policy.ts) */
  pool: { exists: boolean; freeBytes?: number; driver?: string };
  /** the endpoint is an LXD cluster (issue 14): its members, and where the datacenter's objects are */
  cluster?: ObservedCluster;
}

export interface ObservedCluster {
  members: PlacementMember[];
  /** container name -> the member it runs on */
  locations: Record<string, string>;
  /** data volume name -> the member it lives on (a `dir` pool is local to each member) */
  volumeLocations: Record<string, string>;
}

async function observeMembers(client: LxdClient): Promise<PlacementMember[]> {
  const everywhere = await client.instances.list({ allProjects: true, recursion: 1 });
  const members = await clusterMembers(client, everywhere, [STORAGE_POOL]);
  return members.map((m) => ({
    name: m.name,
    status: m.status,
    instances: m.instances,
    ...(m.resources ? { memoryFree: m.resources.memory.total - m.resources.memory.used, diskFree: m.resources.disk.total - m.resources.disk.used } : {}),
  }));
}

export async function observe(client: LxdClient, datacenter: string): Promise<Observed> {
  const names = namesFor(datacenter);
  const scope = { project: names.project };
  const [server, projects, networks, pools] = await Promise.all([
    client.server.get(),
    client.projects.list(),
    client.networks.list({ project: 'default' }),
    client.storagePools.list(),
  ]);
  const internal = networks.find((n) => n.name === names.internalNetwork && n.config?.[MARK.datacenter] === datacenter);
  const acls = internal && server.api_extensions.includes('network_acl') ? await client.networkAcls.list({ project: 'default' }) : [];
  const project = projects.find((p) => p.name === names.project);
  const observed: Observed = {
    extensions: server.api_extensions,
    project: project ? { exists: true, ...(project.config?.[MARK.datacenter] ? { datacenter: project.config[MARK.datacenter] } : {}) } : { exists: false },
    networks: networks.map((n) => ({
      name: n.name,
      ...(n.config?.[MARK.datacenter] ? { datacenter: n.config[MARK.datacenter] } : {}),
      ...(n.config?.['ipv4.address'] ? { cidr: n.config['ipv4.address'] } : {}),
      usedBy: n.used_by?.length ?? 0,
    })),
    profiles: [],
    volumes: [],
    instances: [],
    pool: ((p) => (p ? { exists: true, driver: p.driver } : { exists: false }))(pools.find((p) => p.name === STORAGE_POOL)),
    ...(internal ? { isolationDrift: isolationDrift(names, internal.config ?? {}, acls.find((a) => a.name === names.internalAcl)) } : {}),
  };
  if (observed.pool.exists) {
    const res = await client.storagePools.resources(STORAGE_POOL);
    observed.pool.freeBytes = res.space.total - res.space.used;
  }
  let locations: Record<string, string> = {};
  let volumeLocations: Record<string, string> = {};
  if (project && observed.project.datacenter === datacenter) {
    const [profiles, volumes, instances] = await Promise.all([
      client.profiles.names(scope),
      observed.pool.exists ? new StorageVolumesApi(client, client.operations).list(STORAGE_POOL, scope) : Promise.resolve([]),
      client.instances.list({ ...scope, recursion: 1 }),
    ]);
    observed.profiles = profiles;
    // the list holds each volume's snapshots too ("btcd-data/bcm-…"): they go with their volume
    observed.volumes = volumes.map((v) => v.name).filter((n) => !n.includes('/'));
    observed.instances = instances.map((i) => ({ name: i.name, statusCode: i.status_code, config: i.config }));
    if (server.environment?.server_clustered) {
      locations = Object.fromEntries(instances.filter((i) => i.location).map((i) => [i.name, i.location ?? '']));
      volumeLocations = Object.fromEntries(volumes.filter((v) => v.location && !v.name.includes('/')).map((v) => [v.name, v.location ?? '']));
    }
  }
  if (server.environment?.server_clustered) observed.cluster = { members: await observeMembers(client), locations, volumeLocations };
  return observed;
}
