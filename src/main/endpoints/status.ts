import type { EndpointStatus } from '../../shared/endpoints';
import { BcmError, toErrorShape } from '../../shared/errors';
import type { LxdClient } from '../lxd';
import { clusterMembers, summariseCpu } from './members';

export { summariseCpu };

/** One look at an endpoint: is it reachable and trusted, what runs there, how full is it. */
export async function endpointStatus(name: string, connect: () => Promise<LxdClient>): Promise<EndpointStatus> {
  const checkedAt = new Date().toISOString();
  try {
    const client = await connect();
    const started = performance.now();
    const server = await client.server.get();
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    if (server.auth !== 'trusted') {
      throw new BcmError(
        'AUTH_FAILED',
        'The server no longer trusts this computer (its certificate was removed from the trust list). Remove this endpoint and add it again with a trust password or token.',
      );
    }
    const [resources, instances, pools] = await Promise.all([
      client.server.resources(),
      client.instances.list({ allProjects: true, recursion: 1 }),
      client.storagePools.list(),
    ]);
    const poolUse = await Promise.all(pools.map((p) => client.storagePools.resources(p.name).catch(() => undefined)));
    const env = server.environment ?? {};
    const status: EndpointStatus = {
      name,
      reachable: true,
      checkedAt,
      latencyMs,
      server: {
        serverName: env.server_name ?? 'unknown',
        version: env.server_version ?? 'unknown',
        apiExtensions: server.api_extensions.length,
        clustered: env.server_clustered ?? false,
        ...(env.kernel_version ? { kernel: `${env.kernel ?? 'Linux'} ${env.kernel_version}` } : {}),
        ...(env.storage ? { storageDriver: env.storage } : {}),
      },
      instances: { total: instances.length, running: instances.filter((i) => i.status_code === 103).length },
      resources: {
        cpu: summariseCpu(resources.cpu),
        memory: { total: resources.memory.total, used: resources.memory.used },
        disk: poolUse.reduce(
          (acc, r) => (r ? { total: acc.total + r.space.total, used: acc.used + r.space.used, pools: acc.pools + 1 } : acc),
          { total: 0, used: 0, pools: 0 },
        ),
      },
    };
    if (status.server?.clustered) status.members = await clusterMembers(client, instances, pools.map((p) => p.name));
    return status;
  } catch (err) {
    return { name, reachable: false, checkedAt, error: toErrorShape(err) };
  }
}
