import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BcmError } from '../../shared/errors';
import type { LxdClient } from '../lxd';
import { datacenterProject, pullChannelBackups, type PulledChannelBackup } from './lightning';

export type ClientFor = (endpoint: string) => Promise<LxdClient>;

export interface DatacenterChannelBackup extends PulledChannelBackup {
  datacenter: string;
  endpoint: string;
  project: string;
}

export interface ChannelSweep {
  backups: DatacenterChannelBackup[];
  /** datacenters that could not be read or reached, in words */
  notes: string[];
}

/** Only what the backup needs from a datacenter spec (issue 3 owns the full schema). */
const specRef = z.object({ name: z.string().min(1), endpoint: z.string().min(1) });

/** ~/.bcm/datacenters/<name>.json: the datacenters and the endpoint each lives on. */
export async function listDatacenters(datacentersDir: string): Promise<{ refs: { name: string; endpoint: string }[]; notes: string[] }> {
  let files: string[];
  try {
    files = (await readdir(datacentersDir)).filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { refs: [], notes: [] };
    throw err;
  }
  const refs: { name: string; endpoint: string }[] = [];
  const notes: string[] = [];
  for (const file of files) {
    try {
      const parsed = specRef.safeParse(JSON.parse(await readFile(join(datacentersDir, file), 'utf8')));
      if (parsed.success) refs.push({ name: parsed.data.name, endpoint: parsed.data.endpoint });
      else notes.push(`datacenters/${file} does not name a datacenter and its endpoint; its channel backups were not looked for.`);
    } catch (err) {
      notes.push(`datacenters/${file} could not be read (${(err as Error).message}); its channel backups were not looked for.`);
    }
  }
  return { refs, notes };
}

/** how long one datacenter's channel backups may take before the backup goes on without them */
export const CHANNEL_PULL_TIMEOUT_MS = 45_000;

/**
 * Settles with `work`, or rejects as soon as `signal` aborts (CANCELLED) or `ms` pass (TIMEOUT),
 * whichever comes first: an endpoint that never answers can neither hold a backup forever nor
 * make Cancel do nothing.
 */
export function bounded<T>(work: Promise<T>, ms: number, what: string, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(new BcmError('CANCELLED', 'Cancelled.'));
    const timer = setTimeout(() => done(() => reject(new BcmError('TIMEOUT', `${what} did not answer within ${Math.round(ms / 1000)} s`))), ms);
    const onAbort = (): void => done(() => reject(new BcmError('CANCELLED', 'Cancelled.')));
    signal?.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    function done(settle: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    }
    work.then(
      (v) => done(() => resolve(v)),
      (e: unknown) => done(() => reject(e)),
    );
  });
}

/**
 * Pulls the static channel backups of every datacenter's Lightning nodes. A datacenter whose
 * endpoint is unreachable is noted, not fatal: the store is still backed up, and the notes say
 * what is missing (the UI and the manifest show them).
 */
export async function sweepChannelBackups(
  datacentersDir: string,
  clientFor: ClientFor,
  options: { signal?: AbortSignal; projectFor?: (datacenter: string) => string; timeoutMs?: number } = {},
): Promise<ChannelSweep> {
  const { refs, notes } = await listDatacenters(datacentersDir);
  const backups: DatacenterChannelBackup[] = [];
  for (const ref of refs) {
    const project = (options.projectFor ?? datacenterProject)(ref.name);
    try {
      const pull = async (): Promise<PulledChannelBackup[]> => {
        const client = await clientFor(ref.endpoint);
        if (!(await client.projects.exists(project))) return []; // not deployed (yet): no channel state
        return pullChannelBackups(client, project, options.signal ? { signal: options.signal } : {});
      };
      const pulled = await bounded(pull(), options.timeoutMs ?? CHANNEL_PULL_TIMEOUT_MS, `Endpoint ${ref.endpoint}`, options.signal);
      for (const p of pulled) backups.push({ ...p, datacenter: ref.name, endpoint: ref.endpoint, project });
    } catch (err) {
      if (options.signal?.aborted) throw err instanceof BcmError && err.code === 'CANCELLED' ? err : new BcmError('CANCELLED', 'Cancelled.');
      notes.push(`Datacenter ${ref.name}: channel backups could not be pulled from endpoint ${ref.endpoint} (${(err as Error).message}).`);
    }
  }
  return { backups, notes };
}
