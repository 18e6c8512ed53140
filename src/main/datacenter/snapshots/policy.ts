import { catalog } from '../../../shared/datacenter/catalog';
import type { ComponentKind, DatacenterSpec } from '../../../shared/datacenter/spec';

/**
 * Pools whose snapshots are copies: LXD's `dir` driver snapshots a volume with rsync, so a
 * snapshot takes as long as copying the data, needs as much disk again, and the container stays
 * paused for all of it. On copy-on-write drivers (btrfs, zfs, lvm thin, ceph) a snapshot takes an
 * instant and grows only with what changes after it.
 */
const COPYING_DRIVERS: ReadonlySet<string> = new Set(['dir']);

/** On a copying pool, data volumes planned above this are left out of snapshots. */
export const COPY_LIMIT_GIB = 20;

/**
 * Why a component's data volumes are left out of its snapshots on this pool, or undefined when
 * they are taken. A node's chain on a dir pool is the case it is for: a snapshot before an upgrade
 * would copy hundreds of GiB while the node stands paused, and the chain is not what an upgrade
 * puts at risk (the node re-validates it; its keys and wallets are not there).
 */
export function volumesLeftOut(driver: string, spec: DatacenterSpec, component: ComponentKind): string | undefined {
  if (!COPYING_DRIVERS.has(driver)) return undefined;
  const gib = catalog[component].dataGiB(spec);
  if (gib <= COPY_LIMIT_GIB) return undefined;
  return `its data volume is left out (up to ${gib} GiB on ${spec.chain}): on a ${driver} pool LXD would copy it whole, as much disk again, with ${catalog[component].title} paused meanwhile. A rollback keeps the data as it is. A copy-on-write pool (btrfs, zfs) snapshots it in an instant`;
}
