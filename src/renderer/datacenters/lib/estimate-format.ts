import type { Estimate } from '../../../shared/datacenter/catalog';
import type { EndpointStatus } from '../../../shared/endpoints';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

function trim(value: number): string {
  return value >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '');
}

/** 512 -> "512 MiB", 2048 -> "2 GiB", 1536 -> "1.5 GiB". */
export function formatMiB(mib: number): string {
  if (!Number.isFinite(mib) || mib < 0) return '—';
  return mib < 1024 ? `${Math.round(mib)} MiB` : `${trim(mib / 1024)} GiB`;
}

/** 8 -> "8 GiB", 731 -> "731 GiB", 1500 -> "1.5 TiB". */
export function formatGiB(gib: number): string {
  if (!Number.isFinite(gib) || gib < 0) return '—';
  return gib < 1024 ? `${trim(gib)} GiB` : `${trim(gib / 1024)} TiB`;
}

export function formatCpus(cpus: number): string {
  return `${cpus} CPU${cpus === 1 ? '' : 's'}`;
}

export interface ResourceFit {
  /** bytes needed and bytes free on the endpoint (free undefined when unknown) */
  needed: number;
  free?: number;
  /** true when the endpoint is known to have less than needed */
  short: boolean;
}

export interface EstimateFit {
  disk: ResourceFit;
  memory: ResourceFit;
  /** CPUs are shared between containers: more than the host has is slower, not impossible */
  cpu: { needed: number; available?: number; over: boolean };
  /** sentences for the warning, empty when everything fits (or nothing is known) */
  warnings: string[];
}

function fit(needed: number, total: number | undefined, used: number | undefined): ResourceFit {
  if (total === undefined || used === undefined || total <= 0) return { needed, short: false };
  const free = Math.max(0, total - used);
  return { needed, free, short: free < needed };
}

/** Compares an estimate with what the endpoint reports as free (endpoints.status). */
export function estimateFit(estimate: Estimate, status: EndpointStatus | undefined): EstimateFit {
  const resources = status?.reachable === true ? status.resources : undefined;
  const disk = fit(estimate.diskGiB * GiB, resources?.disk.total, resources?.disk.used);
  const memory = fit(estimate.memoryMiB * MiB, resources?.memory.total, resources?.memory.used);
  const threads = resources?.cpu.threads;
  const cpu =
    threads === undefined
      ? { needed: estimate.cpus, over: false }
      : { needed: estimate.cpus, available: threads, over: estimate.cpus > threads };
  const warnings: string[] = [];
  if (disk.short && disk.free !== undefined) {
    warnings.push(
      `Needs about ${formatGiB(estimate.diskGiB)} of disk, but the endpoint has ${formatGiB(disk.free / GiB)} free. Choose a smaller chain, prune the node, or free space on the server.`,
    );
  }
  if (memory.short && memory.free !== undefined) {
    warnings.push(
      `Needs about ${formatMiB(estimate.memoryMiB)} of memory, but the endpoint has ${formatMiB(memory.free / MiB)} free. Lower the containers' memory under Advanced, or turn components off.`,
    );
  }
  if (cpu.over && cpu.available !== undefined) {
    warnings.push(
      `Asks for ${formatCpus(estimate.cpus)} while the endpoint has ${cpu.available} threads: containers will share them and run slower.`,
    );
  }
  return { disk, memory, cpu, warnings };
}

/** Share of the endpoint's free amount the estimate takes, 0..100 (0 when unknown). */
export function shareOfFree(resource: ResourceFit): number {
  if (resource.free === undefined) return 0;
  if (resource.free <= 0) return 100;
  return Math.min(100, (resource.needed / resource.free) * 100);
}
