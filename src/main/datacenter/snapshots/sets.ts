import { containersOf } from '../../../shared/datacenter/catalog';
import type { SnapshotInfo } from '../../../shared/channels/snapshots';
import type { ComponentKind, DatacenterSpec } from '../../../shared/datacenter/spec';
import { BcmError } from '../../../shared/errors';
import type { LxdClient } from '../../lxd';
import { InstanceSnapshotsApi, VolumeSnapshotsApi } from '../../lxd/snapshots';
import { MARK, STORAGE_POOL, namesFor } from '../naming';
import { REASON_KEY, groupSnapshots, toPrune, type SnapshotPiece } from './naming';
import { volumesLeftOut } from './policy';

const RUNNING = 103;
const FROZEN = 110;

/** The endpoint and datacenter the snapshot effects act on. */
export interface SnapshotTarget {
  client: LxdClient;
  spec: DatacenterSpec;
}

/** One of the datacenter's containers as it is now, with the custom volumes it mounts. */
interface Member {
  container: string;
  component: ComponentKind;
  statusCode: number;
  volumes: string[];
}

type Log = (line: string) => void;
const quiet: Log = () => undefined;

function apis(client: LxdClient): { instances: InstanceSnapshotsApi; volumes: VolumeSnapshotsApi } {
  return { instances: new InstanceSnapshotsApi(client, client.operations), volumes: new VolumeSnapshotsApi(client, client.operations) };
}

/** The datacenter's containers (those BCM made for it), in catalog order, optionally of some components. */
async function members(t: SnapshotTarget, components?: readonly ComponentKind[]): Promise<Member[]> {
  const project = namesFor(t.spec.name).project;
  const order = containersOf(t.spec).map((c) => c.name);
  const rank = (n: string): number => (order.indexOf(n) < 0 ? order.length : order.indexOf(n));
  const list = await t.client.instances.list({ project, recursion: 1 });
  return list
    .filter((i) => i.config[MARK.datacenter] === t.spec.name)
    .map((i) => ({
      container: i.name,
      component: i.config[MARK.component] as ComponentKind,
      statusCode: i.status_code,
      // data volumes are the custom volumes it mounts from BCM's pool (see steps.ts instanceBody)
      volumes: Object.values(i.devices)
        .filter((d) => d.type === 'disk' && d.pool === STORAGE_POOL && !!d.source && d.path !== '/')
        .map((d) => d.source ?? ''),
    }))
    .filter((m) => !components || components.includes(m.component))
    .sort((a, b) => rank(a.container) - rank(b.container));
}

/** Pauses a running container (cgroup freezer) so its files stand still; false when LXD cannot. */
async function freeze(t: SnapshotTarget, container: string, project: string, log: Log): Promise<boolean> {
  try {
    await t.client.instances.setState(container, { action: 'freeze' }, { project });
    return true;
  } catch (err) {
    log(`${container} could not be paused (${err instanceof Error ? err.message : String(err)}): its snapshot is taken while it runs`);
    return false;
  }
}

/**
 * Takes snapshot `name` of every container of the components (all when omitted) and of their
 * data volumes. A running container is frozen meanwhile so that its files and its volumes are
 * copied as of one moment (what a power cut would leave, which the services' databases survive).
 */
export async function takeSet(t: SnapshotTarget, name: string, reason: string, components?: readonly ComponentKind[], log: Log = quiet): Promise<Member[]> {
  const project = namesFor(t.spec.name).project;
  const scope = { project };
  const { instances, volumes } = apis(t.client);
  const taken = await members(t, components);
  if (taken.length === 0) throw new BcmError('NOT_FOUND', `The datacenter "${t.spec.name}" has no containers${components ? ` for ${components.join(', ')}` : ''} to snapshot. Deploy it first.`);
  const driver = await poolDriver(t.client);
  const made: Array<{ container: string } | { volume: string }> = [];
  try {
    for (const m of taken) {
      // the snapshot's copy of the config keeps the reason (instance snapshots have no description in LXD 5.0)
      await t.client.instances.patch(m.container, { config: { [REASON_KEY]: reason } }, scope);
      const frozen = m.statusCode === RUNNING && (await freeze(t, m.container, project, log));
      try {
        log(`snapshot ${name} of ${m.container}${frozen ? ' (paused meanwhile)' : ''}`);
        await instances.create(m.container, name, scope);
        made.push({ container: m.container });
        const leftOut = m.volumes.length ? volumesLeftOut(driver, t.spec, m.component) : undefined;
        if (leftOut) log(`${m.container}: ${leftOut}`);
        for (const v of leftOut ? [] : m.volumes) {
          log(`snapshot ${name} of data volume ${v}`);
          await volumes.create(STORAGE_POOL, v, name, { ...scope, description: reason });
          made.push({ volume: v });
        }
      } finally {
        if (frozen) await t.client.instances.setState(m.container, { action: 'unfreeze' }, scope);
      }
    }
  } catch (err) {
    // no half set is left behind: what was taken under this name goes
    for (const piece of made) {
      const gone = 'container' in piece ? instances.delete(piece.container, name, scope) : volumes.delete(STORAGE_POOL, piece.volume, name, scope);
      await gone.catch(() => undefined);
    }
    throw err;
  }
  return taken;
}

/** Every BCM snapshot set of the datacenter, newest first. */
export async function listSets(t: SnapshotTarget): Promise<SnapshotInfo[]> {
  const scope = { project: namesFor(t.spec.name).project };
  const { instances, volumes } = apis(t.client);
  const pieces: SnapshotPiece[] = [];
  for (const m of await members(t)) {
    for (const s of await instances.list(m.container, scope)) {
      const reason = s.config[REASON_KEY];
      pieces.push({ snapshot: s.name, component: m.component, container: m.container, ...(reason ? { reason } : {}), ...(s.size !== undefined ? { size: s.size } : {}) });
    }
    for (const v of m.volumes) {
      for (const s of await volumes.list(STORAGE_POOL, v, scope)) {
        pieces.push({ snapshot: s.name, component: m.component, volume: v, ...(s.description ? { reason: s.description } : {}) });
      }
    }
  }
  return groupSnapshots(pieces, containersOf(t.spec).map((c) => c.component));
}

async function stopCleanly(t: SnapshotTarget, container: string, project: string, log: Log): Promise<void> {
  log(`stopping ${container}`);
  try {
    await t.client.instances.stop(container, { project, timeout: 60 });
  } catch {
    log(`${container} did not stop within 60 s: stopping it by force`);
    await t.client.instances.stop(container, { project, force: true });
  }
}

/**
 * Puts the components (every component of the set when omitted) back to snapshot `name`: stops
 * their containers, restores the data volumes and the containers (files and config, so BCM's
 * step records too: the next plan sees what the snapshot lacks), and starts what was running.
 */
export async function restoreSet(t: SnapshotTarget, name: string, components?: readonly ComponentKind[], log: Log = quiet): Promise<{ containers: string[]; volumes: string[]; components: ComponentKind[] }> {
  const project = namesFor(t.spec.name).project;
  const scope = { project };
  const { instances, volumes } = apis(t.client);
  const set = (await listSets(t)).find((s) => s.name === name);
  if (!set) throw new BcmError('NOT_FOUND', `The datacenter "${t.spec.name}" has no snapshot "${name}". Refresh the list: it may have been deleted or pruned.`);
  const wanted = components ?? set.components;
  const missing = wanted.filter((c) => !set.components.includes(c));
  if (missing.length) throw new BcmError('NOT_FOUND', `The snapshot "${name}" does not cover ${missing.join(', ')}; it covers ${set.components.join(', ')}.`);
  const targets = (await members(t, wanted)).filter((m) => set.containers.includes(m.container));
  const wasRunning = targets.filter((m) => m.statusCode === RUNNING || m.statusCode === FROZEN);
  for (const m of [...wasRunning].reverse()) await stopCleanly(t, m.container, project, log);
  const restoredVolumes: string[] = [];
  for (const m of targets) {
    for (const v of m.volumes.filter((x) => set.volumes.includes(x))) {
      log(`restoring data volume ${v} to ${name}`);
      await volumes.restore(STORAGE_POOL, v, name, scope);
      restoredVolumes.push(v);
    }
    log(`restoring ${m.container} to ${name}`);
    await instances.restore(m.container, name, scope);
  }
  for (const m of wasRunning) {
    log(`starting ${m.container}`);
    const now = await t.client.instances.get(m.container, scope);
    if (now.status_code !== RUNNING) await t.client.instances.start(m.container, scope);
  }
  return { containers: targets.map((m) => m.container), volumes: restoredVolumes, components: [...new Set(targets.map((m) => m.component))] };
}

/** Deletes snapshot `name` from every container and volume that has it. */
export async function deleteSet(t: SnapshotTarget, name: string, log: Log = quiet): Promise<void> {
  const scope = { project: namesFor(t.spec.name).project };
  const { instances, volumes } = apis(t.client);
  const set = (await listSets(t)).find((s) => s.name === name);
  if (!set) throw new BcmError('NOT_FOUND', `The datacenter "${t.spec.name}" has no snapshot "${name}". Refresh the list.`);
  for (const c of set.containers) {
    log(`deleting snapshot ${name} of ${c}`);
    await instances.delete(c, name, scope);
  }
  for (const v of set.volumes) await volumes.delete(STORAGE_POOL, v, name, scope);
}

/** Deletes the oldest sets beyond `keep`; returns their names. */
export async function pruneSets(t: SnapshotTarget, keep: number, protect?: string, log: Log = quiet): Promise<string[]> {
  const doomed = toPrune(await listSets(t), keep, protect);
  for (const name of doomed) {
    log(`deleting ${name} (BCM keeps the newest ${keep})`);
    await deleteSet(t, name);
  }
  return doomed;
}

export async function poolDriver(client: LxdClient): Promise<string> {
  return (await client.storagePools.get(STORAGE_POOL)).driver;
}
