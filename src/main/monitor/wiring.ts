import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { readLastBackup } from '../backup/state';
import { STORAGE_POOL } from '../datacenter/naming';
import type { DatacenterService } from '../datacenter/service';
import type { EndpointRegistry } from '../endpoints/registry';
import type { ServicesService } from '../services/core/service';
import type { BcmStore } from '../store/bcm-store';
import { writeJsonFile } from '../store/json-file';
import { MonitorService } from './service';

/** ~/.bcm/state/alerts.json: this machine's alerts and their history (not in git, not archived). */
export function createMonitor(deps: { bcmStore: BcmStore; datacenters: DatacenterService; registry: EndpointRegistry; services: ServicesService }): MonitorService {
  const path = join(deps.bcmStore.root, 'state', 'alerts.json');
  return new MonitorService({
    datacenters: deps.datacenters,
    pool: async (endpoint) => {
      const res = await (await deps.registry.client(endpoint)).storagePools.resources(STORAGE_POOL);
      return { usedBytes: res.space.used, totalBytes: res.space.total };
    },
    node: async (datacenter) => {
      const snap = await deps.services.node(datacenter);
      if (!snap.chainInfo.ok || !snap.peers.ok) return undefined;
      return { height: snap.chainInfo.value.blocks, peers: snap.peers.value.inbound + snap.peers.value.outbound };
    },
    lastBackupAt: async () => (await readLastBackup(deps.bcmStore))?.at ?? null,
    channels: (datacenter) => deps.services.lndChannelStates(datacenter),
    keepUnlocked: async (datacenter) => {
      await deps.services.lightning(datacenter, 'lnd');
    },
    load: async () => {
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // cut short (a crash mid-write on a filesystem without atomic rename): kept aside, not overwritten
        await rename(path, `${path}.damaged-${Date.now()}`).catch(() => undefined);
        return undefined;
      }
    },
    save: (state) => writeJsonFile(path, state),
  });
}
