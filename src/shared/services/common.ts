import { z } from 'zod';
import { errorShapeSchema } from '../errors';

/**
 * One tile's worth of a service reading: its value, or why it could not be read. A dashboard
 * shows each section on its own, so one failing call (or an answer with unexpected fields) never
 * hides the rest.
 */
export function sectionSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: errorShapeSchema })]);
}

export type Section<T> = { ok: true; value: T } | { ok: false; error: z.infer<typeof errorShapeSchema> };

export const healthStateSchema = z.enum(['synced', 'syncing', 'stalled', 'down', 'locked', 'nowallet', 'starting']);
export type HealthState = z.infer<typeof healthStateSchema>;

/** The one-glance answer: state, a sentence saying why, and for syncing an estimate. */
export const serviceHealthSchema = z.object({
  state: healthStateSchema,
  reason: z.string(),
  /** seconds until synced, when it can be estimated from recent progress */
  etaSeconds: z.number().nullable(),
});
export type ServiceHealth = z.infer<typeof serviceHealthSchema>;

/** Whether the service answered lately: for "not responding since …". */
export const reachabilitySchema = z.object({
  /** the last read reached the service */
  reachable: z.boolean(),
  lastOkAt: z.string().nullable(),
  /** first failed read of the current run of failures */
  downSince: z.string().nullable(),
  error: errorShapeSchema.optional(),
});
export type Reachability = z.infer<typeof reachabilitySchema>;

export const nodeComponents = ['btcd', 'bitcoind'] as const;
export const lightningComponents = ['lnd', 'clightning'] as const;
export type NodeComponent = (typeof nodeComponents)[number];
export type LightningComponent = (typeof lightningComponents)[number];
