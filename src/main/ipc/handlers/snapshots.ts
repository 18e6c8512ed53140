import type { snapshotInvokeChannels } from '../../../shared/channels/snapshots';
import type { SnapshotService } from '../../datacenter/snapshots/service';
import type { Handlers } from '../router';

export interface SnapshotDeps {
  snapshots: SnapshotService;
}

type SnapshotChannel = keyof typeof snapshotInvokeChannels;

/** Binds the snapshot channels (issue 12, day two). Thin: no logic here. */
export function snapshotHandlers({ snapshots }: SnapshotDeps): Pick<Handlers, SnapshotChannel> {
  return {
    'datacenters.snapshots.list': ({ name }) => snapshots.list(name),
    'datacenters.snapshots.take': ({ name, reason, components }) => snapshots.take(name, reason, components),
    'datacenters.snapshots.restore': ({ name, snapshot, component }) => snapshots.restore(name, snapshot, component),
    'datacenters.snapshots.delete': ({ name, snapshot }) => snapshots.delete(name, snapshot),
    'datacenters.snapshots.setKeep': ({ keep }) => snapshots.setKeep(keep),
  };
}
