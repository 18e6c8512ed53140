import { z } from 'zod';
import { endpointNameSchema } from '../endpoints';
import { lightningComponents } from '../services/common';
import { connectInfoSchema, invoiceSchema, lightningSnapshotSchema } from '../services/lightning';
import { generatedSeedSchema, mnemonicSchema, seedPassphraseSchema, walletPasswordSchema, walletSetupSchema } from '../services/lnd-wallet';
import { mineResultSchema, nodeSnapshotSchema } from '../services/node';

const datacenter = z.object({ datacenter: endpointNameSchema }).strict();
const lndOnly = z.object({ datacenter: endpointNameSchema, component: z.literal('lnd') }).strict();
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
    input: z
      .object({
        datacenter: endpointNameSchema,
        component: z.literal('lnd'),
        password: walletPasswordSchema,
        /** keep the password in ~/.bcm/secrets and unlock lnd whenever BCM finds it locked */
        autoUnlock: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ unlocked: z.literal(true) }),
  },
  /** lnd: can a wallet be made now, is there a channel backup to restore with, is auto-unlock on */
  'services.lightning.wallet': { input: lndOnly, output: walletSetupSchema },
  /** lnd: a new seed (24 words), handed out once and kept nowhere */
  'services.lightning.genseed': {
    input: z.object({ datacenter: endpointNameSchema, component: z.literal('lnd'), seedPassphrase: seedPassphraseSchema.default('') }).strict(),
    output: generatedSeedSchema,
  },
  /** lnd: creates the wallet from a seed (new, or a restore with a recovery window and a channel backup) */
  'services.lightning.initwallet': {
    input: z
      .object({
        datacenter: endpointNameSchema,
        component: z.literal('lnd'),
        password: walletPasswordSchema,
        words: mnemonicSchema,
        seedPassphrase: seedPassphraseSchema.default(''),
        /** a restore: how many addresses lnd looks ahead for funds (0 = a new wallet, nothing to look for) */
        recoveryWindow: z.number().int().min(0).max(100_000).default(0),
        /** a restore: hand lnd the channel backup that services.lightning.wallet offered */
        useChannelBackup: z.boolean().default(false),
        autoUnlock: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ created: z.literal(true), channelBackup: z.boolean() }),
  },
  /** lnd: forget the stored wallet password (auto-unlock off) */
  'services.lightning.autounlock.off': { input: lndOnly, output: z.object({ autoUnlock: z.literal(false) }) },
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
