import type { RestoreResult, SnapshotInfo, SnapshotList } from '../../../shared/channels/snapshots';
import { catalog, enabledComponents } from '../../../shared/datacenter/catalog';
import type { DatacenterStatus } from '../../../shared/datacenter/plan';
import type { ComponentKind, DatacenterSpec } from '../../../shared/datacenter/spec';
import { BcmError } from '../../../shared/errors';
import type { EndpointRegistry } from '../../endpoints/registry';
import { sizeNote, snapshotName } from './naming';
import { deleteSet, listSets, poolDriver, pruneSets, restoreSet, takeSet, type SnapshotTarget } from './sets';
import { volumesLeftOut } from './policy';
import type { SnapshotSettings } from './settings';

export interface SnapshotServiceDeps {
  registry: Pick<EndpointRegistry, 'client'>;
  /** the datacenter's spec, and whether an apply/down is under way */
  datacenters: { get(name: string): Promise<DatacenterSpec>; status(name: string): Promise<DatacenterStatus>; runs: { isRunning(name: string): boolean } };
  settings: SnapshotSettings;
  now?: () => Date;
  /** how long a restore waits for what it restored to be healthy again; default 180 s */
  healthTimeoutMs?: number;
}

const HEALTH_POLL_MS = 3_000;

/** Snapshots of deployed datacenters, for people: list, take, restore, delete, and how many to keep. */
export class SnapshotService {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly active = new Map<string, string>();

  constructor(private readonly deps: SnapshotServiceDeps) {}

  /** What is being done to the datacenter's snapshots right now (an apply waits for it), if anything. */
  busy(name: string): string | undefined {
    return this.active.get(name);
  }

  /** One snapshot change per datacenter at a time, and none while an apply or take-down runs. */
  private exclusive<T>(name: string, doing: string, work: (t: SnapshotTarget) => Promise<T>): Promise<T> {
    const go = async (): Promise<T> => {
      if (this.deps.datacenters.runs.isRunning(name)) {
        throw new BcmError('CONFLICT', `The datacenter "${name}" is being changed right now. Wait for the run to finish (or cancel it), then try again.`);
      }
      this.active.set(name, doing);
      try {
        return await work(await this.target(name));
      } finally {
        this.active.delete(name);
      }
    };
    const next = (this.queues.get(name) ?? Promise.resolve()).then(go, go);
    this.queues.set(name, next.catch(() => undefined));
    return next;
  }

  private async target(name: string): Promise<SnapshotTarget> {
    const spec = await this.deps.datacenters.get(name);
    return { spec, client: await this.deps.registry.client(spec.endpoint) };
  }

  async list(name: string): Promise<SnapshotList> {
    const t = await this.target(name);
    const [snapshots, driver, keep] = await Promise.all([listSets(t), poolDriver(t.client), this.deps.settings.keep()]);
    const note = sizeNote(driver, snapshots);
    const leftOut = enabledComponents(t.spec).flatMap((component) => {
      const reason = volumesLeftOut(driver, t.spec, component);
      return reason ? [{ component, title: catalog[component].title, reason }] : [];
    });
    return { datacenter: name, keep, driver, leftOut, snapshots, ...(note ? { sizeNote: note } : {}) };
  }

  take(name: string, reason: string, components?: ComponentKind[]): Promise<SnapshotInfo> {
    return this.exclusive(name, `A snapshot of ${name} is being taken.`, async (t) => {
      const snapshot = snapshotName((this.deps.now ?? (() => new Date()))(), reason);
      await takeSet(t, snapshot, reason, components);
      await pruneSets(t, await this.deps.settings.keep(), snapshot);
      const taken = (await listSets(t)).find((s) => s.name === snapshot);
      if (!taken) throw new BcmError('LXD_ERROR', `LXD took the snapshot "${snapshot}" but does not list it. Refresh the list.`);
      return taken;
    });
  }

  restore(name: string, snapshot: string, component?: ComponentKind): Promise<RestoreResult> {
    return this.exclusive(name, `${name} is being restored to ${snapshot}.`, async (t) => {
      const t0 = Date.now();
      const done = await restoreSet(t, snapshot, component ? [component] : undefined);
      const titles = done.components.map((c) => catalog[c].title).join(', ');
      const unhealthy = await this.untilHealthy(name, done.components);
      const plural = done.components.length > 1;
      const health = unhealthy.length
        ? ` ${unhealthy.map((c) => catalog[c].title).join(', ')} ${unhealthy.length > 1 ? 'are' : 'is'} not healthy yet: see Components, and the container's log.`
        : ` ${plural ? 'All are' : 'It is'} healthy.`;
      return {
        snapshot,
        ...done,
        healthy: unhealthy.length === 0,
        message: `${titles} ${plural ? 'are' : 'is'} back as of ${snapshot} (containers ${done.containers.join(', ')}${done.volumes.length ? `, data volumes ${done.volumes.join(', ')}` : ''}) and started again.${health} What was written since is discarded; if the datacenter's settings changed since then, Re-apply puts them back.`,
        durationMs: Date.now() - t0,
      };
    });
  }

  /** Waits until the components are healthy (by the datacenter's status); those that are not by the deadline. A degraded
   * gateway (Tor not connected) is up: its proxy works, and a machine without a route out never gets further. */
  private async untilHealthy(name: string, components: ComponentKind[]): Promise<ComponentKind[]> {
    const deadline = Date.now() + (this.deps.healthTimeoutMs ?? 180_000);
    for (;;) {
      const status = await this.deps.datacenters.status(name).catch(() => undefined);
      const pending = components.filter((c) => !isUp(status?.components.find((x) => x.kind === c)?.health));
      if (pending.length === 0 || Date.now() + HEALTH_POLL_MS > deadline) return pending;
      await new Promise((r) => setTimeout(r, HEALTH_POLL_MS));
    }
  }

  delete(name: string, snapshot: string): Promise<SnapshotList> {
    return this.exclusive(name, `The snapshot ${snapshot} of ${name} is being deleted.`, (t) => deleteSet(t, snapshot)).then(() => this.list(name));
  }

  async setKeep(keep: number): Promise<{ keep: number }> {
    await this.deps.settings.setKeep(keep);
    return { keep };
  }
}

function isUp(health: string | undefined): boolean {
  return health === 'healthy' || health === 'degraded';
}
