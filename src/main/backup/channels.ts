import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
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

/**
 * Pulls the static channel backups of every datacenter's Lightning nodes. A datacenter whose
 * endpoint is unreachable is noted, not fatal: the store is still backed up, and the notes say
 * what is missing (the UI and the manifest show them).
 */
export async function sweepChannelBackups(
  datacentersDir: string,
  clientFor: ClientFor,
  options: { signal?: AbortSignal; projectFor?: (datacenter: string) => string } = {},
): Promise<ChannelSweep> {
  const { refs, notes } = await listDatacenters(datacentersDir);
  const backups: DatacenterChannelBackup[] = [];
  for (const ref of refs) {
    const project = (options.projectFor ?? datacenterProject)(ref.name);
    try {
      const client = await clientFor(ref.endpoint);
      if (!(await client.projects.exists(project))) continue; // not deployed (yet): no channel state
      const pulled = await pullChannelBackups(client, project, options.signal ? { signal: options.signal } : {});
      for (const p of pulled) backups.push({ ...p, datacenter: ref.name, endpoint: ref.endpoint, project });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      notes.push(`Datacenter ${ref.name}: channel backups could not be pulled from endpoint ${ref.endpoint} (${(err as Error).message}).`);
    }
  }
  return { backups, notes };
}
