import { z } from 'zod';
import { KEEP_DEFAULT, KEEP_MAX } from '../../../shared/channels/snapshots';
import type { BcmStore } from '../../store/bcm-store';
import { readSection, writeSection } from '../../store/config';

/** How many snapshot sets BCM keeps per datacenter. */
export interface SnapshotSettings {
  keep(): Promise<number>;
  setKeep(keep: number): Promise<void>;
}

const sectionSchema = z.object({ keep: z.number().int().min(1).max(KEEP_MAX).default(KEEP_DEFAULT) });

/** config.json "snapshots": { keep } (committed like every setting). */
export function storeSnapshotSettings(store: BcmStore): SnapshotSettings {
  return {
    keep: async () => (await readSection(store, 'snapshots', sectionSchema, { keep: KEEP_DEFAULT })).keep,
    setKeep: (keep) => writeSection(store, 'snapshots', { keep }, `Keep the newest ${keep} snapshots per datacenter`),
  };
}

/** For a service without a store (tests, tools): the setting lives in memory. */
export function memorySnapshotSettings(initial = KEEP_DEFAULT): SnapshotSettings {
  let value = initial;
  return {
    keep: () => Promise.resolve(value),
    setKeep: (keep) => {
      value = keep;
      return Promise.resolve();
    },
  };
}
