import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { artifactOverrideSchema, type ArtifactOverride } from '../../../src/shared/datacenter/spec';
import type { LxdClient } from '../../../src/main/lxd';
import { StorageVolumesApi } from '../../../src/main/lxd/volumes';
import { rand } from '../lxd/helpers';

/** What scripts/setup-test-env.sh prepared: the local Debian image and the locally built btcd/lnd. */
export const DEBIAN_IMAGE = 'bcm-debian-bookworm';
export const PRESEED_DIR = process.env.BCM_ARTIFACTS_PRESEED ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'bcm', 'artifacts-preseed');

export function preseedOverrides(): Record<string, ArtifactOverride> {
  const file = join(PRESEED_DIR, 'overrides.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`bash scripts/build-test-artifacts.sh\` (setup-test-env.sh does) first.`);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, artifactOverrideSchema.parse(v)]));
}

export async function requireImage(root: LxdClient): Promise<void> {
  const aliases = await root.get<string[]>('/1.0/images/aliases').catch(() => [] as string[]);
  if (!aliases.some((a) => a.endsWith(`/${DEBIAN_IMAGE}`))) {
    throw new Error(`The image ${DEBIAN_IMAGE} is not on the test LXD: run \`bash scripts/build-debian-image.sh\` (setup-test-env.sh does) first.`);
  }
}

export interface LiveEnv {
  project: string;
  network: string;
  /** container -> fixed address on the test bridge */
  addresses: Record<string, string>;
  client: LxdClient;
  volumes: StorageVolumesApi;
  cleanup(): Promise<void>;
}

/**
 * A throw-away project `bcmt-img-<random>` and a bridge of its own without NAT (like a datacenter's
 * internal bridge), on a /24 no other network uses. Cleanup removes instances, volumes, the project
 * and the bridge, and nothing else.
 */
export async function createLiveEnv(root: LxdClient, containers: string[]): Promise<LiveEnv> {
  const tag = rand();
  const project = `bcmt-img-${tag}`;
  const network = `bcmt-img-${tag.slice(0, 4)}`;
  const used = new Set((await root.networks.list()).map((n) => (n.config['ipv4.address'] ?? '').split('.').slice(0, 3).join('.')));
  let prefix = '';
  for (let i = 0; i < 50 && (!prefix || used.has(prefix)); i++) prefix = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}`;
  await root.networks.create(
    { name: network, type: 'bridge', description: 'BCM integration test (safe to delete)', config: { 'ipv4.address': `${prefix}.1/24`, 'ipv4.nat': 'false', 'ipv6.address': 'none' } },
    { project: 'default' },
  );
  await root.projects.create({ name: project, description: 'BCM integration test (safe to delete)', config: { 'features.images': 'false', 'features.profiles': 'false' } });
  const client = root.useProject(project);
  const volumes = new StorageVolumesApi(client, client.operations);
  const addresses = Object.fromEntries(containers.map((c, i) => [c, `${prefix}.${c === 'gateway' ? 2 : 10 + i}`]));
  const cleanup = async (): Promise<void> => {
    for (const inst of await client.instances.list({ recursion: 1 }).catch(() => [])) {
      await client.instances.delete(inst.name, { force: true }).catch(() => undefined);
    }
    for (const v of await volumes.list('default').catch(() => [])) await volumes.delete('default', v.name).catch(() => undefined);
    await root.projects.delete(project).catch(() => undefined);
    await root.networks.delete(network, { project: 'default' }).catch(() => undefined);
  };
  return { project, network, addresses, client, volumes, cleanup };
}
