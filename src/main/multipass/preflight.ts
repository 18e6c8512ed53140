import type { HostResources, VmSize } from '../../shared/channels/multipass';
import { BcmError } from '../../shared/errors';

const GiB = 2 ** 30;
/** memory this computer keeps for itself (and for BCM) beside the VM */
export const MEMORY_RESERVE_GiB = 1;
/** free disk that must stay free beside the VM's disk */
export const DISK_RESERVE_GiB = 2;

export interface PreflightResult {
  /** stops the launch */
  error: BcmError | null;
  /** worth saying, does not stop it */
  warnings: string[];
}

/**
 * Does this computer have room for the VM? Memory and disk are checked before anything is
 * launched (multipass itself only warns when a disk is larger than the free space, and the VM
 * would fail later, when the datacenter fills it). More vCPUs than the host has is allowed
 * (they are shared) but said.
 */
export function preflight(size: VmSize, host: HostResources): PreflightResult {
  const warnings: string[] = [];
  if (size.cpus > host.cpus) {
    warnings.push(`The VM gets ${size.cpus} vCPUs on a computer with ${host.cpus}: they share the real ones, which is fine for BCM but slower under load.`);
  }
  const memoryGiB = host.memoryBytes / GiB;
  const maxMemory = Math.floor(memoryGiB - MEMORY_RESERVE_GiB);
  if (size.memoryGiB > maxMemory) {
    return {
      error: new BcmError(
        'PRECONDITION_FAILED',
        maxMemory >= 1
          ? `Not enough memory: this computer has ${memoryGiB.toFixed(1)} GiB, so a VM can have at most ${maxMemory} GiB (${MEMORY_RESERVE_GiB} GiB stays for the computer itself). Choose less memory.`
          : `Not enough memory: this computer has ${memoryGiB.toFixed(1)} GiB, too little for a VM. Deploy to this computer's LXD instead.`,
        { reason: 'memory', field: 'memoryGiB', maxGiB: Math.max(0, maxMemory) },
      ),
      warnings,
    };
  }
  if (host.freeDiskBytes !== null) {
    const freeGiB = host.freeDiskBytes / GiB;
    const maxDisk = Math.floor(freeGiB - DISK_RESERVE_GiB);
    if (size.diskGiB > maxDisk) {
      return {
        error: new BcmError(
          'PRECONDITION_FAILED',
          `Not enough disk: ${freeGiB.toFixed(1)} GiB free at ${host.storagePath}, so the VM's disk can be at most ${Math.max(0, maxDisk)} GiB (${DISK_RESERVE_GiB} GiB stays free). Choose a smaller disk or free some space.`,
          { reason: 'disk', field: 'diskGiB', maxGiB: Math.max(0, maxDisk) },
        ),
        warnings,
      };
    }
  } else {
    warnings.push(`The free disk at ${host.storagePath} could not be measured; make sure ${size.diskGiB} GiB are free.`);
  }
  return { error: null, warnings };
}
