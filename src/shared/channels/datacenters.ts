import { z } from 'zod';
import { none } from './common';
import { endpointNameSchema } from '../endpoints';
import { componentKinds, datacenterSpecSchema } from '../datacenter/spec';
import { datacenterStatusSchema, planSchema, runEventSchema, runSnapshotSchema } from '../datacenter/plan';
import { datacenterVersionsSchema } from '../datacenter/versions';
import { appsListSchema } from '../apps/listing';

/** components no longer in the spec whose data volumes go too (the others keep theirs) */
const deleteData = z.array(z.enum(componentKinds)).max(componentKinds.length).default([]);

const name = z.object({ name: endpointNameSchema }).strict();

const estimateSchema = z.object({
  cpus: z.number(),
  memoryMiB: z.number(),
  diskGiB: z.number(),
  perComponent: z.array(z.object({ kind: z.string(), diskGiB: z.number(), memoryMiB: z.number() })),
});

/** Datacenters: specs in ~/.bcm/datacenters, plan/apply/down runs with progress, status. */
export const datacenterInvokeChannels = {
  'datacenters.list': { input: none, output: z.array(datacenterSpecSchema) },
  /** the installed app manifests (issue 14): valid ones to offer, invalid ones with their errors */
  'datacenters.apps': { input: none, output: appsListSchema },
  'datacenters.get': { input: name, output: datacenterSpecSchema },
  /** checks a draft spec without saving it: the wizard's "What" step */
  'datacenters.validate': {
    input: z.object({ spec: z.unknown() }).strict(),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), spec: datacenterSpecSchema, estimate: estimateSchema }),
      z.object({ ok: z.literal(false), issues: z.array(z.object({ path: z.string(), message: z.string() })) }),
    ]),
  },
  /** create (fails with CONFLICT when the name is taken, unless replace) or update a spec */
  'datacenters.save': {
    input: z.object({ spec: datacenterSpecSchema, replace: z.boolean().default(false) }).strict(),
    output: datacenterSpecSchema,
  },
  /** `deleteData` (apply): components no longer in the spec whose data volumes are deleted too; the rest keep theirs */
  'datacenters.plan': {
    input: z
      .object({ name: endpointNameSchema, operation: z.enum(['apply', 'down']).default('apply'), keepData: z.boolean().default(true), deleteData })
      .strict(),
    output: planSchema,
  },
  /** the plan for changed settings of a saved datacenter, without saving them (Edit's review) */
  'datacenters.planChange': {
    input: z.object({ spec: datacenterSpecSchema, deleteData }).strict(),
    output: planSchema,
  },
  /** starts applying the saved spec; progress arrives on datacenters.progress */
  'datacenters.apply': { input: z.object({ name: endpointNameSchema, deleteData }).strict(), output: z.object({ runId: z.string() }) },
  /** removes what BCM created; `confirm` must repeat the datacenter's name */
  'datacenters.down': {
    input: z.object({ name: endpointNameSchema, confirm: z.string(), keepData: z.boolean().default(false) }).strict(),
    output: z.object({ runId: z.string() }),
  },
  'datacenters.cancel': { input: name, output: z.object({ cancelled: z.boolean() }) },
  /** the current or last run, for a page opened (or reloaded) mid-run */
  'datacenters.run': { input: name, output: runSnapshotSchema.nullable() },
  'datacenters.status': { input: name, output: datacenterStatusSchema },
  /** per component: installed, desired (pinned) and available versions of its artifacts (issue 12) */
  'datacenters.versions': { input: name, output: datacenterVersionsSchema },
  /** forgets the spec (only when nothing is deployed) */
  'datacenters.forget': { input: name, output: z.object({ forgotten: z.string() }) },
} as const;

export const datacenterEventChannels = {
  'datacenters.progress': { params: name, payload: runEventSchema },
  /** the list of specs changed */
  'datacenters.changed': { params: none, payload: z.array(datacenterSpecSchema) },
} as const;
