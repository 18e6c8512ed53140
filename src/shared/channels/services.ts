import { z } from 'zod';
import { endpointNameSchema } from '../endpoints';
import { lightningComponents } from '../services/common';
import { connectInfoSchema, invoiceSchema, lightningSnapshotSchema } from '../services/lightning';
import { mineResultSchema, nodeSnapshotSchema } from '../services/node';

const datacenter = z.object({ datacenter: endpointNameSchema }).strict();
const lightning = z.object({ datacenter: endpointNameSchema, component: z.enum(lightningComponents) }).strict();

/** The services of a deployed datacenter, live: the Bitcoin node and the Lightning nodes. */
export const serviceInvokeChannels = {
  /** a fresh reading of the datacenter's Bitcoin node (each section may carry its own error) */
  'services.node': { input: datacenter, output: nodeSnapshotSchema },
  /** regtest only: mine blocks (rewards to the Lightning wallet when there is one) */
  'services.node.mine': {
    input: z.object({ datacenter: endpointNameSchema, blocks: z.number().int().min(1).max(500) }).strict(),
    output: mineResultSchema,
  },
  'services.lightning': { input: lightning, output: lightningSnapshotSchema },
  'services.lightning.invoice': {
    input: z
      .object({
        datacenter: endpointNameSchema,
        component: z.enum(lightningComponents),
        /** 0 = any amount */
        amountSat: z.number().int().min(0).max(21e14),
        memo: z.string().max(600).default(''),
        expirySeconds: z.number().int().min(60).max(31 * 24 * 3600).default(3600),
      })
      .strict(),
    output: invoiceSchema,
  },
  /** lnd: the lndconnect URI for a mobile wallet (the user asked: it carries the admin macaroon) */
  'services.lightning.connect': { input: z.object({ datacenter: endpointNameSchema, component: z.literal('lnd') }).strict(), output: connectInfoSchema },
  'services.lightning.unlock': {
    input: z.object({ datacenter: endpointNameSchema, component: z.literal('lnd'), password: z.string().min(8).max(1024) }).strict(),
    output: z.object({ unlocked: z.literal(true) }),
  },
} as const;

export const serviceEventSchema = z.discriminatedUnion('type', [
  /** the node connected a block: dashboards refresh */
  z.object({ type: z.literal('block'), component: z.string(), height: z.number(), hash: z.string().nullable() }),
  /** something else changed that a dashboard shows (an invoice paid, a channel event) */
  z.object({ type: z.literal('changed'), component: z.string(), what: z.string() }),
  /** the watcher lost the service and keeps retrying; the payload says why */
  z.object({ type: z.literal('watch'), component: z.string(), state: z.enum(['watching', 'retrying']), message: z.string().optional() }),
]);
export type ServiceEvent = z.infer<typeof serviceEventSchema>;

export const serviceEventChannels = {
  /** pushes from the services (new blocks, paid invoices) while a dashboard listens */
  'services.events': { params: datacenter, payload: serviceEventSchema },
} as const;
