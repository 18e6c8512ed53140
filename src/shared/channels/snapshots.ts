import { z } from 'zod';
import { endpointNameSchema } from '../endpoints';
import { componentKinds } from '../datacenter/spec';

/**
 * Snapshots of a datacenter (issue 12, day two): LXD snapshots of a component's containers and
 * data volumes, all of one set under the same name `bcm-<yyyymmddThhmmss>-<reason>`. BCM takes one
 * before every apply that changes a running component and restores it by itself when the change's
 * health gate fails; people take, restore and delete them from the datacenter page.
 */

/** what BCM names its snapshots; anything else on the instances is not BCM's and is left alone */
export const snapshotNameSchema = z.string().regex(/^bcm-\d{8}T\d{6}-[a-z0-9-]{1,40}$/, 'not a BCM snapshot name');

export const KEEP_DEFAULT = 3;
export const KEEP_MAX = 50;

export const snapshotInfoSchema = z.object({
  name: z.string(),
  /** ISO time, from the name (LXD 5.0 does not keep a creation time for volume snapshots) */
  createdAt: z.string(),
  /** why it was taken ("before apply: …", or what the person typed) */
  reason: z.string(),
  /** taken by an apply (as opposed to by a person) */
  automatic: z.boolean(),
  components: z.array(z.enum(componentKinds)),
  containers: z.array(z.string()),
  volumes: z.array(z.string()),
  /** bytes used by the snapshot where the storage driver can tell; null when it cannot (dir pools) */
  sizeBytes: z.number().nullable(),
});
export type SnapshotInfo = z.infer<typeof snapshotInfoSchema>;

export const snapshotListSchema = z.object({
  datacenter: z.string(),
  /** how many snapshots BCM keeps per datacenter (older ones are deleted after each new one) */
  keep: z.number().int(),
  /** the storage pool's driver, and why sizes are unknown when they are */
  driver: z.string(),
  sizeNote: z.string().optional(),
  /** components whose data volumes snapshots leave out on this pool, and why (a node's chain on a dir pool) */
  leftOut: z.array(z.object({ component: z.string(), title: z.string(), reason: z.string() })).default([]),
  /** newest first */
  snapshots: z.array(snapshotInfoSchema),
});
export type SnapshotList = z.infer<typeof snapshotListSchema>;

export const restoreResultSchema = z.object({
  snapshot: z.string(),
  components: z.array(z.enum(componentKinds)),
  containers: z.array(z.string()),
  volumes: z.array(z.string()),
  /** every restored component answered its health check again (waited for up to 180 s) */
  healthy: z.boolean(),
  /** a sentence for people: what was put back and what runs again */
  message: z.string(),
  durationMs: z.number(),
});
export type RestoreResult = z.infer<typeof restoreResultSchema>;

const dc = z.object({ name: endpointNameSchema }).strict();

export const snapshotInvokeChannels = {
  'datacenters.snapshots.list': { input: dc, output: snapshotListSchema },
  /** snapshots every container and data volume of the given components (all when omitted) */
  'datacenters.snapshots.take': {
    input: z
      .object({
        name: endpointNameSchema,
        reason: z.string().trim().min(1, 'Say why you take it (it is shown in the list).').max(200),
        components: z.array(z.enum(componentKinds)).min(1).optional(),
      })
      .strict(),
    output: snapshotInfoSchema,
  },
  /** stops, restores and starts the component (or every component of the snapshot): later changes are lost */
  'datacenters.snapshots.restore': {
    input: z.object({ name: endpointNameSchema, snapshot: snapshotNameSchema, component: z.enum(componentKinds).optional() }).strict(),
    output: restoreResultSchema,
  },
  'datacenters.snapshots.delete': {
    input: z.object({ name: endpointNameSchema, snapshot: snapshotNameSchema }).strict(),
    output: snapshotListSchema,
  },
  /** the number of snapshots kept per datacenter (an app setting in ~/.bcm/config.json) */
  'datacenters.snapshots.setKeep': {
    input: z.object({ keep: z.number().int().min(1).max(KEEP_MAX) }).strict(),
    output: z.object({ keep: z.number().int() }),
  },
} as const;
