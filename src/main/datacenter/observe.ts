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
  pool: { exists: boolean; freeBytes?: number };
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
    pool: { exists: pools.some((p) => p.name === STORAGE_POOL) },
    ...(internal ? { isolationDrift: isolationDrift(names, internal.config ?? {}, acls.find((a) => a.name === names.internalAcl)) } : {}),
  };
  if (observed.pool.exists) {
    const res = await client.storagePools.resources(STORAGE_POOL);
    observed.pool.freeBytes = res.space.total - res.space.used;
  }
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
  }
  return observed;
}
