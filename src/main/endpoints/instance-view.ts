import type { Instance } from '../../shared/instances';
import type { LxdInstance } from '../lxd/api';

/** Everything BCM creates carries a user.bcm.* key (DESIGN.md). */
export function isManagedByBcm(config: Record<string, string>): boolean {
  return Object.keys(config).some((key) => key.startsWith('user.bcm.'));
}

function imageLabel(config: Record<string, string>): string | undefined {
  const description = config['image.description'];
  if (description) return description;
  const os = config['image.os'];
  const release = config['image.release'];
  if (os) return release ? `${os} ${release}` : os;
  return undefined;
}

/** LXD's instance (with recursion=2 state) -> the renderer's view. Pure. */
export function toInstanceView(instance: LxdInstance): Instance {
  const ipv4: string[] = [];
  const ipv6: string[] = [];
  for (const [name, nic] of Object.entries(instance.state?.network ?? {})) {
    if (name === 'lo') continue;
    for (const addr of nic.addresses) {
      if (addr.scope !== 'global') continue;
      (addr.family === 'inet' ? ipv4 : ipv6).push(addr.address);
    }
  }
  const view: Instance = {
    name: instance.name,
    project: instance.project || 'default',
    type: instance.type,
    status: instance.status,
    statusCode: instance.status_code,
    description: instance.description,
    createdAt: instance.created_at,
    ipv4,
    ipv6,
    managedByBcm: isManagedByBcm(instance.config),
  };
  const image = imageLabel(instance.config);
  if (image) view.image = image;
  const state = instance.state;
  if (state && instance.status_code === 103) {
    view.memoryBytes = state.memory.usage;
    view.cpuSeconds = state.cpu.usage / 1e9;
    view.processes = state.processes;
  }
  return view;
}

/** "/1.0/instances/c1?project=p" -> { name: "c1", project: "p" } */
export function instanceFromSource(source: string, fallbackProject: string): { name: string; project: string } | undefined {
  const url = new URL(source, 'http://lxd');
  const match = /^\/1\.0\/instances\/([^/]+)$/.exec(url.pathname);
  if (!match?.[1]) return undefined;
  return { name: decodeURIComponent(match[1]), project: url.searchParams.get('project') ?? fallbackProject };
}
