// The three-member LXD cluster of the cluster tests (issue 14), formed by
// scripts/setup-test-cluster.sh: three more LXD daemons on this machine, each in its own network
// namespace, joined into a real cluster. Started only by the tests that need it (idempotent; seconds
// once formed). Shared by the integration, e2e and bench tiers.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLUSTER_DIR = process.env.BCM_TEST_CLUSTER_DIR ?? '/var/lib/bcm-test-cluster';
export const CLUSTER_MEMBERS = ['m1', 'm2', 'm3'] as const;
export type ClusterMember = (typeof CLUSTER_MEMBERS)[number];
/** m1's socket: the endpoint BCM is given (any member answers for the whole cluster) */
export const CLUSTER_SOCKET = join(CLUSTER_DIR, 'm1', 'unix.socket');
const SCRIPT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'scripts', 'setup-test-cluster.sh');

/** Forms (or finds) the cluster and starts any member that is down. */
export function ensureCluster(): void {
  execFileSync('bash', [SCRIPT], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000, env: { ...process.env, BCM_TEST_CLUSTER_DIR: CLUSTER_DIR } });
}

/** `lxc` against the cluster (through m1), the cluster's own view to check BCM against. */
export function clusterLxc(...args: string[]): string {
  return execFileSync('lxc', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, env: { ...process.env, LXD_DIR: join(CLUSTER_DIR, 'm1') } });
}

/** Where the cluster says each instance of a project runs (`lxc list`'s LOCATION). */
export function clusterLocations(project: string): Record<string, string> {
  const list = JSON.parse(clusterLxc('list', '--project', project, '--format', 'json')) as Array<{ name: string; location: string }>;
  return Object.fromEntries(list.map((i) => [i.name, i.location]));
}

/** Stops one member's daemon (its instances stop with it); the others see it go offline. */
export function stopMember(member: ClusterMember): void {
  execFileSync('lxd', ['shutdown', '--timeout', '120'], { stdio: 'ignore', timeout: 150_000, env: { ...process.env, LXD_DIR: join(CLUSTER_DIR, member) } });
}

/** LXD's status of each member, as m1 sees it. */
export function memberStatuses(): Record<string, string> {
  const list = JSON.parse(clusterLxc('query', '/1.0/cluster/members?recursion=1')) as Array<{ server_name: string; status: string }>;
  return Object.fromEntries(list.map((m) => [m.server_name, m.status]));
}

/** Removes a test datacenter's objects from the cluster whatever state a failure left (by name). */
export function removeClusterDatacenter(project: string, networks: string[], acl: string): void {
  const tryLxc = (...args: string[]): void => {
    try {
      clusterLxc(...args);
    } catch {
      // already gone
    }
  };
  const projects = (JSON.parse(clusterLxc('query', '/1.0/projects')) as string[]).map((u) => u.replace(/^.*\//, ''));
  if (projects.includes(project)) {
    for (const i of JSON.parse(clusterLxc('list', '--project', project, '--format', 'json')) as Array<{ name: string }>) tryLxc('delete', '--force', '--project', project, i.name);
    for (const v of JSON.parse(clusterLxc('storage', 'volume', 'list', 'default', '--project', project, '--format', 'json')) as Array<{ name: string; type: string; location: string }>) {
      if (v.type === 'custom') tryLxc('storage', 'volume', 'delete', 'default', v.name, '--project', project, '--target', v.location);
    }
    for (const p of JSON.parse(clusterLxc('profile', 'list', '--project', project, '--format', 'json')) as Array<{ name: string }>) {
      if (p.name !== 'default') tryLxc('profile', 'delete', p.name, '--project', project);
    }
    tryLxc('project', 'delete', project);
  }
  for (const net of networks) tryLxc('network', 'delete', net);
  tryLxc('network', 'acl', 'delete', acl);
}
