import { access, statfs } from 'node:fs/promises';
import { availableParallelism, totalmem } from 'node:os';
import { dirname, parse } from 'node:path';
import type { HostResources } from '../../shared/channels/multipass';

/** Where multipassd keeps its images and VM disks on each OS (snap, macOS pkg, Windows installer). */
export function multipassStoragePath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = process.env): string {
  if (env.BCM_MULTIPASS_STORAGE) return env.BCM_MULTIPASS_STORAGE;
  if (platform === 'darwin') return '/var/root/Library/Application Support/multipassd';
  if (platform === 'win32') return 'C:\\ProgramData\\Multipass';
  return '/var/snap/multipass/common/data/multipassd';
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Free bytes on the file system that holds `path` (or its nearest existing parent); null if unknown. */
export async function freeBytesAt(path: string): Promise<number | null> {
  let p = path;
  const top = parse(path).root;
  for (;;) {
    if (await exists(p)) {
      try {
        const s = await statfs(p);
        return Number(s.bavail) * Number(s.bsize);
      } catch {
        return null;
      }
    }
    if (p === top || dirname(p) === p) return null;
    p = dirname(p);
  }
}

/** This computer's CPUs, memory and the free disk where VMs would live. */
export async function measureHost(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): Promise<HostResources> {
  const storagePath = multipassStoragePath(platform, env);
  return { cpus: availableParallelism(), memoryBytes: totalmem(), freeDiskBytes: await freeBytesAt(storagePath), storagePath };
}

/**
 * Hardware virtualisation, where it can be told without multipass: on Linux the KVM device
 * (`BCM_KVM_DEVICE` overrides the path); elsewhere null (multipass's own error says it at launch).
 */
export async function hasVirtualization(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): Promise<boolean | null> {
  if (platform !== 'linux') return null;
  return exists(env.BCM_KVM_DEVICE ?? '/dev/kvm');
}
