import type { ClusterMemberStatus } from '../../shared/endpoints';
import { BcmError } from '../../shared/errors';
import type { LxdClient, LxdInstance, MemberStateAction } from '../lxd';
import type { LxdResources } from '../lxd/api';

/** CPU of a server or member, as the endpoint status shows it. */
export function summariseCpu(cpu: LxdResources['cpu']): { sockets: number; cores: number; threads: number; model?: string } {
  const sockets = cpu.sockets.length;
  const cores = cpu.sockets.reduce((n, s) => n + s.cores.length, 0);
  const threads = cpu.total;
  const model = cpu.sockets[0]?.name;
  return model ? { sockets, cores, threads, model } : { sockets, cores, threads };
}

/** LXD's words for a member that answers (an evacuated member still does, with nothing placed on it). */
export const ANSWERING = new Set(['Online', 'Evacuated']);

/**
 * The members of a clustered endpoint with what each has free: CPU and memory from
 * `/1.0/resources?target=`, disk from each pool's resources on that member (local pools differ per
 * member). A member that does not answer is listed with LXD's status and message, without resources.
 */
export async function clusterMembers(client: LxdClient, instances: readonly Pick<LxdInstance, 'location'>[], pools: readonly string[]): Promise<ClusterMemberStatus[]> {
  const members = await client.cluster.members();
  return Promise.all(
    members.map(async (m): Promise<ClusterMemberStatus> => {
      const base: ClusterMemberStatus = {
        name: m.server_name,
        url: m.url,
        status: m.status,
        message: m.message,
        roles: m.roles ?? [],
        ...(m.failure_domain ? { failureDomain: m.failure_domain } : {}),
        instances: instances.filter((i) => i.location === m.server_name).length,
      };
      if (!ANSWERING.has(m.status)) return base;
      try {
        const [res, poolUse] = await Promise.all([
          client.cluster.memberResources(m.server_name),
          Promise.all(pools.map((p) => client.cluster.poolResources(p, m.server_name).catch(() => undefined))),
        ]);
        const disk = poolUse.reduce((acc, r) => (r ? { total: acc.total + r.space.total, used: acc.used + r.space.used, pools: acc.pools + 1 } : acc), { total: 0, used: 0, pools: 0 });
        return { ...base, resources: { cpu: summariseCpu(res.cpu), memory: { total: res.memory.total, used: res.memory.used }, disk } };
      } catch {
        return base; // went away between the list and the question
      }
    }),
  );
}

/**
 * Evacuates or restores a member, refused with a next step where LXD would fail less clearly: the
 * endpoint is not a cluster, the member is unknown, or it is already in that state.
 */
export async function setMemberState(client: LxdClient, member: string, action: MemberStateAction): Promise<void> {
  if (!(await client.cluster.enabled())) throw new BcmError('PRECONDITION_FAILED', 'This endpoint is a single LXD server, not a cluster: there is no member to evacuate or restore.');
  const found = (await client.cluster.members()).find((m) => m.server_name === member);
  if (!found) throw new BcmError('NOT_FOUND', `The cluster has no member named "${member}".`);
  if (action === 'evacuate' && found.status === 'Evacuated') throw new BcmError('PRECONDITION_FAILED', `Member ${member} is already evacuated; restore it to use it again.`);
  if (action === 'restore' && found.status !== 'Evacuated') throw new BcmError('PRECONDITION_FAILED', `Member ${member} is ${found.status.toLowerCase()}, not evacuated: there is nothing to restore.`);
  if (action === 'evacuate' && found.status !== 'Online') throw new BcmError('PRECONDITION_FAILED', `Member ${member} is ${found.status.toLowerCase()} (${found.message}); only an online member can be evacuated.`);
  await client.cluster.setMemberState(member, action);
}
