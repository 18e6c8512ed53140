import { z } from 'zod';
import { endpointNameSchema } from './endpoints';

export const lxdNameSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'Letters, digits and dashes; must not start with a dash');

export const instanceSchema = z.object({
  name: z.string(),
  project: z.string(),
  type: z.enum(['container', 'virtual-machine']),
  /** LXD's status word: Running, Stopped, Frozen, Error, ... */
  status: z.string(),
  statusCode: z.number(),
  description: z.string(),
  createdAt: z.string(),
  /** e.g. "Debian bookworm" or the image alias/fingerprint it came from */
  image: z.string().optional(),
  ipv4: z.array(z.string()),
  ipv6: z.array(z.string()),
  memoryBytes: z.number().optional(),
  cpuSeconds: z.number().optional(),
  processes: z.number().optional(),
  /** carries a user.bcm.* marker: created and owned by BCM */
  managedByBcm: z.boolean(),
});
export type Instance = z.infer<typeof instanceSchema>;

export const instanceRefSchema = z.object({
  endpoint: endpointNameSchema,
  project: lxdNameSchema.default('default'),
  name: lxdNameSchema,
});

export const instanceActions = ['start', 'stop', 'restart', 'freeze', 'unfreeze'] as const;
export type InstanceAction = (typeof instanceActions)[number];

/** What the events stream of one endpoint tells the renderer. */
export const instanceEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('instance'),
    endpoint: z.string(),
    project: z.string(),
    name: z.string(),
    /** LXD lifecycle action, e.g. instance-started, instance-deleted */
    action: z.string(),
    /** the instance as it is now; null once deleted */
    instance: instanceSchema.nullable(),
  }),
  z.object({
    type: z.literal('connection'),
    endpoint: z.string(),
    state: z.enum(['connected', 'reconnecting']),
    message: z.string().optional(),
  }),
]);
export type InstanceEvent = z.infer<typeof instanceEventSchema>;
