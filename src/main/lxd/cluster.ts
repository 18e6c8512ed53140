import type { LxdOperation, LxdResources, LxdStoragePoolResources } from './api';
import type { Scope } from './collection';
import { seg, type LxdCore } from './core';
import type { OperationWait } from './instances';
import type { OperationsApi } from './operations';

/** One member of an LXD cluster (`GET /1.0/cluster/members?recursion=1`). */
export interface LxdClusterMember {
  server_name: string;
  url: string;
  roles: string[] | null;
  architecture: string;
  failure_domain?: string;
  description?: string;
  /** "Online", "Offline", "Evacuated", "Blocked" */
  status: string;
  message: string;
  database?: boolean;
  groups?: string[] | null;
}

export type MemberStateAction = 'evacuate' | 'restore';

const volPath = (pool: string): string => `/1.0/storage-pools/${seg(pool)}/volumes/custom`;

/**
 * `/1.0/cluster`: members, their state (evacuate / restore) and the per-member views the rest of
 * the API gives with `?target=<member>` (resources, a pool's free space). Plus moving what a member
 * holds to another: an instance (LXD moves it itself) and a custom volume (a pull migration between
 * the two members, which the API leaves to its client).
 */
export class ClusterApi {
  constructor(
    private readonly core: LxdCore,
    private readonly operations: OperationsApi,
  ) {}

  /** Is this server a cluster member? (`enabled` of `/1.0/cluster`) */
  async enabled(): Promise<boolean> {
    const c = await this.core.get<{ enabled: boolean }>('/1.0/cluster', { global: true });
    return c.enabled;
  }

  members(): Promise<LxdClusterMember[]> {
    return this.core.get<LxdClusterMember[]>('/1.0/cluster/members', { global: true, query: { recursion: 1 } });
  }

  /**
   * `evacuate` stops (or moves) the member's instances and takes it out of placement; `restore` undoes
   * it. (LXD takes a POST here; a PUT answers "not implemented".)
   */
  async setMemberState(member: string, action: MemberStateAction, options: OperationWait = {}): Promise<void> {
    const res = await this.core.post(`/1.0/cluster/members/${seg(member)}/state`, { action }, { global: true, ...(options.signal ? { signal: options.signal } : {}) });
    await this.operations.complete(res, options);
  }

  /** The hardware of one member (CPU, memory). */
  memberResources(member: string): Promise<LxdResources> {
    return this.core.get<LxdResources>('/1.0/resources', { global: true, query: { target: member } });
  }

  /** A storage pool's space on one member (local pools such as `dir` differ per member). */
  poolResources(pool: string, member: string): Promise<LxdStoragePoolResources> {
    return this.core.get<LxdStoragePoolResources>(`/1.0/storage-pools/${seg(pool)}/resources`, { global: true, query: { target: member } });
  }

  /**
   * The first half of making a network on a cluster: LXD wants it pending on every member
   * (`?target=`, member-specific keys only) before the cluster-wide create with the config.
   */
  async createNetworkPending(name: string, type: string, member: string): Promise<void> {
    await this.operations.complete(await this.core.post('/1.0/networks', { name, type, config: {} }, { project: 'default', query: { target: member } }));
  }

  /** Moves a stopped instance (with its snapshots) to another member. */
  async moveInstance(name: string, member: string, options: Scope & OperationWait = {}): Promise<void> {
    const res = await this.core.post(`/1.0/instances/${seg(name)}`, { name, migration: true, live: false }, {
      ...(options.project !== undefined ? { project: options.project } : {}),
      query: { target: member },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await this.operations.complete(res, options);
  }

  /**
   * Copies a custom volume from one member to another (same name and pool): the source member
   * serves a migration, the destination pulls it. The source copy stays (delete it with
   * `deleteVolume` once nothing uses it there).
   */
  async copyVolume(pool: string, name: string, from: string, to: string, options: Scope & OperationWait = {}): Promise<void> {
    const scope = options.project !== undefined ? { project: options.project } : {};
    const [members, server, vol] = await Promise.all([
      this.members(),
      this.core.serverInfo(),
      this.core.get<{ config: Record<string, string>; description?: string }>(`${volPath(pool)}/${seg(name)}`, { ...scope, query: { target: from } }),
    ]);
    const source = members.find((m) => m.server_name === from);
    if (!source) throw new Error(`No cluster member named "${from}".`);
    const res = await this.core.post<LxdOperation>(`${volPath(pool)}/${seg(name)}`, { name, pool, migration: true, volume_only: false }, { ...scope, query: { target: from } });
    if (res.kind !== 'async') throw new Error('LXD did not start a migration for the volume.');
    const op = res.operation;
    const secrets = Object.fromEntries(Object.entries(op.metadata ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const body = {
      name,
      type: 'custom',
      content_type: 'filesystem',
      description: vol.description ?? '',
      // with its config: volatile.idmap.last says the files are already shifted for the containers'
      // id map (without it LXD shifts them a second time when the container starts)
      config: vol.config,
      source: {
        type: 'migration',
        mode: 'pull',
        name,
        pool,
        operation: `${source.url}/1.0/operations/${op.id}`,
        certificate: server.environment?.certificate ?? '',
        secrets,
        volume_only: false,
      },
    };
    const created = await this.core.post(volPath(pool), body, { ...scope, query: { target: to } });
    await this.operations.complete(created, options);
    // the destination's create is the answer; the source's serving operation ends with it (or is
    // already gone), and its own end state adds nothing
    await this.operations.wait(op.id, options.signal ? { signal: options.signal } : {}).catch(() => undefined);
  }

  /** The custom volumes of a pool on one member. */
  async volumesOn(pool: string, member: string, scope: Scope = {}): Promise<Array<{ name: string; location?: string }>> {
    const all = await this.core.get<Array<{ name: string; location?: string }>>(volPath(pool), { ...(scope.project !== undefined ? { project: scope.project } : {}), query: { recursion: 1 } });
    return all.filter((v) => v.location === member);
  }

  /** Deletes a custom volume on one member. */
  async deleteVolume(pool: string, name: string, member: string, scope: Scope = {}): Promise<void> {
    await this.operations.complete(await this.core.delete(`${volPath(pool)}/${seg(name)}`, { ...(scope.project !== undefined ? { project: scope.project } : {}), query: { target: member } }));
  }
}
