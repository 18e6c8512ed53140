import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { LxdClient, createUnixTransport } from '../../../src/main/lxd';

/** The daemon prepared by scripts/setup-test-env.sh. */
export const SOCKET = process.env.BCM_TEST_LXD_SOCKET ?? '/var/lib/lxd/unix.socket';
export const HTTPS_ADDRESS = process.env.BCM_TEST_LXD_HTTPS ?? '127.0.0.1:8443';
export const TRUST_PASSWORD = process.env.BCM_TEST_TRUST_PASSWORD ?? 'bcm-test-trust';
export const IMAGE = 'bcm-test-busybox';

export const run = promisify(execFile);

export function rand(): string {
  return randomBytes(3).toString('hex');
}

export function unixClient(project?: string): LxdClient {
  return new LxdClient(createUnixTransport(SOCKET), project ? { project } : {});
}

/** Fails with the next step when the test daemon is not there. */
export async function requireLxd(client: LxdClient): Promise<void> {
  try {
    await client.server.get();
  } catch (err) {
    throw new Error(
      `The test LXD is not reachable on ${SOCKET} (${String(err)}). Run \`bash scripts/setup-test-env.sh\` as root first.`,
      { cause: err },
    );
  }
}

export interface TestProject {
  name: string;
  /** a client whose default project is this one */
  client: LxdClient;
  cleanup(): Promise<void>;
}

/**
 * A throw-away project `bcmt-<random>` sharing the default project's images and profiles
 * (features.images=false, features.profiles=false), so the busybox image and the default profile
 * (root disk + eth0 on lxdbr0) work in it. Cleanup removes whatever the test left in it.
 */
export async function createTestProject(root: LxdClient, config: Record<string, string> = {}): Promise<TestProject> {
  const name = `bcmt-${rand()}`;
  await root.projects.create({
    name,
    description: 'BCM integration test (safe to delete)',
    config: { 'features.images': 'false', 'features.profiles': 'false', ...config },
  });
  const client = root.useProject(name);
  return { name, client, cleanup: () => removeProject(root, name) };
}

export async function removeProject(root: LxdClient, name: string): Promise<void> {
  if (!name.startsWith('bcmt-')) throw new Error(`refusing to remove ${name}: not a test project`);
  if (!(await root.projects.exists(name))) return;
  const project = await root.projects.get(name);
  for (const inst of await root.instances.list({ project: name, recursion: 1 })) {
    await root.instances.delete(inst.name, { project: name, force: true }).catch(() => undefined);
  }
  if (project.config['features.images'] === 'true') {
    for (const img of await root.images.list({ project: name }))
      await root.images.delete(img.fingerprint, { project: name }).catch(() => undefined);
  }
  if (project.config['features.profiles'] === 'true') {
    for (const p of await root.profiles.list({ project: name })) {
      if (p.name !== 'default') await root.profiles.delete(p.name, { project: name }).catch(() => undefined);
    }
  }
  await root.projects.delete(name);
}

/** Creates a busybox container from the shared test image (and starts it unless told not to). */
export async function launch(client: LxdClient, name: string, start = true): Promise<void> {
  await client.instances.create({ name, source: { type: 'image', alias: IMAGE } });
  if (start) await client.instances.start(name);
}

/** Waits until `check` is true or fails after `ms`. */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
