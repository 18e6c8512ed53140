import { z } from 'zod';
import { none } from './common';
import { endpointNameSchema, endpointSchema, fingerprintSchema } from '../endpoints';
import { errorShapeSchema } from '../errors';
import { checkUserTorrcLines } from '../tor-lines';

/** BCM's own Tor: its state, bootstrap, ports, log; onion services and their clients; pairing. */

export const torStates = ['stopped', 'starting', 'bootstrapping', 'ready', 'failed', 'restarting'] as const;

export const bootstrapPhaseSchema = z.object({
  progress: z.number(),
  tag: z.string(),
  summary: z.string(),
  warning: z.string().optional(),
  reason: z.string().optional(),
  count: z.number().optional(),
});

export const torStatusSchema = z.object({
  state: z.enum(torStates),
  bootstrap: bootstrapPhaseSchema.optional(),
  socksPort: z.number().optional(),
  controlPort: z.number().optional(),
  pid: z.number().optional(),
  torPath: z.string().optional(),
  version: z.string().optional(),
  /** why Tor failed or is restarting */
  error: errorShapeSchema.optional(),
  restarts: z.number(),
  nextRestartAt: z.string().optional(),
  startedAt: z.string().optional(),
  readyAt: z.string().optional(),
  /** from start to Bootstrapped 100% */
  bootstrapMs: z.number().optional(),
});
export type TorStatus = z.infer<typeof torStatusSchema>;

export const torLogLineSchema = z.object({
  at: z.string(),
  severity: z.enum(['debug', 'info', 'notice', 'warn', 'err']),
  message: z.string(),
});
export type TorLogLine = z.infer<typeof torLogLineSchema>;

export const torSettingsSchema = z
  .object({
    /** absolute path of the tor program; empty: found on PATH */
    torPath: z
      .string()
      .trim()
      .max(4096)
      .refine((p) => p === '' || p.startsWith('/'), 'An absolute path, e.g. /usr/bin/tor')
      .default(''),
    /** extra torrc lines (bridges, or a private network's DirAuthority lines) */
    extraTorrc: z.string().max(20_000).default(''),
    bootstrapTimeoutSeconds: z.number().int().min(10).max(900).default(120),
  })
  .strict();
export type TorSettings = z.output<typeof torSettingsSchema>;

/**
 * What the page may change (tor.settings.set): not the tor program (main spawns it: only
 * ~/.bcm/config.json, BCM_TOR_PATH or the CLI set it), and extra lines from an allow-list only.
 */
export const torSettingsInputSchema = torSettingsSchema
  .omit({ torPath: true })
  .extend({
    extraTorrc: z
      .string()
      .max(20_000)
      .default('')
      .superRefine((text, ctx) => {
        const check = checkUserTorrcLines(text);
        if (!check.ok) ctx.addIssue({ code: 'custom', message: `Line ${check.line}: ${check.reason}` });
      }),
  })
  .strict();
export type TorSettingsInput = z.input<typeof torSettingsInputSchema>;

export const onionClientNameSchema = z
  .string()
  .trim()
  .min(1, 'A name is required')
  .max(32, 'At most 32 characters')
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'Lower-case letters, digits and inner dashes only');

export const onionClientSchema = z.object({ name: z.string(), addedAt: z.string() });
export type OnionClient = z.infer<typeof onionClientSchema>;

export const onionServiceSchema = z.object({
  name: z.string(),
  /** "<56 characters>.onion" */
  onionAddress: z.string(),
  virtualPort: z.number(),
  /** where Tor forwards to, e.g. 127.0.0.1:8443 */
  target: z.string(),
  /** Tor uploaded its descriptor since it was last added: it can be reached (false while Tor is stopped) */
  published: z.boolean(),
  /** added to the running Tor, descriptor not uploaded yet */
  publishing: z.boolean(),
  clients: z.array(onionClientSchema),
  createdAt: z.string(),
});
export type OnionService = z.infer<typeof onionServiceSchema>;

export const pairingSummarySchema = z.object({
  /** the endpoint name the server suggests */
  name: z.string(),
  onionAddress: z.string(),
  port: z.number(),
  lxdFingerprint: fingerprintSchema,
  clientName: z.string(),
  createdAt: z.string(),
  hasTrustToken: z.boolean(),
  tokenExpiresAt: z.string().optional(),
});
export type PairingSummary = z.infer<typeof pairingSummarySchema>;

export const pairingExportSchema = z.object({
  /** the bundle as text: what the file holds and the QR code encodes (contains the client key) */
  bundle: z.string(),
  /** the QR code as an SVG document */
  qrSvg: z.string(),
  fileName: z.string(),
  summary: pairingSummarySchema,
  service: onionServiceSchema,
});
export type PairingExport = z.infer<typeof pairingExportSchema>;

export const pairingSteps = ['check', 'tor', 'connect', 'trust', 'save'] as const;
export const pairingProgressSchema = z.object({
  step: z.enum(pairingSteps),
  state: z.enum(['active', 'done', 'failed']),
  message: z.string().optional(),
  /** the Tor bootstrap percentage while step is "tor" */
  progress: z.number().optional(),
});
export type PairingProgress = z.infer<typeof pairingProgressSchema>;

const bundleText = z.string().trim().min(1, 'Paste the pairing bundle, or choose its file').max(20_000, 'This is too long to be a pairing bundle');

export const torInvokeChannels = {
  'tor.status': { input: none, output: torStatusSchema },
  /** starts BCM's Tor (bootstrap progress arrives on tor.status) */
  'tor.start': { input: none, output: torStatusSchema },
  /** stops it (also cancels a start in progress) */
  'tor.stop': { input: none, output: torStatusSchema },
  'tor.logs': { input: none, output: z.array(torLogLineSchema) },
  'tor.settings.get': { input: none, output: torSettingsSchema },
  /** saves; takes effect at the next start of Tor */
  'tor.settings.set': { input: torSettingsInputSchema, output: torSettingsSchema },
  'tor.services.list': { input: none, output: z.array(onionServiceSchema) },
  /** publishes this computer's LXD API (LXD's HTTPS address) as an onion service with client authorisation */
  'tor.services.publishLocal': {
    input: z.object({ name: endpointNameSchema.default('this-computer') }).strict(),
    output: onionServiceSchema,
  },
  'tor.services.remove': { input: z.object({ service: z.string().min(1) }).strict(), output: z.object({ removed: z.string() }) },
  /** authorises a new client and returns its pairing bundle (the only time its private key leaves main) */
  'tor.clients.add': {
    input: z.object({ service: z.string().min(1), client: onionClientNameSchema }).strict(),
    output: pairingExportSchema,
  },
  'tor.clients.revoke': {
    input: z.object({ service: z.string().min(1), client: z.string().min(1) }).strict(),
    output: onionServiceSchema,
  },
  /** reads a bundle without importing it (what it would add) */
  'tor.pairing.inspect': { input: z.object({ bundle: bundleText }).strict(), output: pairingSummarySchema },
  /** adds the onion endpoint: client key to Tor, connect through the onion, check the certificate, trust */
  'tor.pairing.import': {
    input: z.object({ bundle: bundleText, name: endpointNameSchema }).strict(),
    output: endpointSchema,
  },
  'tor.pairing.cancel': { input: none, output: z.object({ cancelled: z.boolean() }) },
} as const;

export const torEventChannels = {
  /** the current status at once, then every change */
  'tor.status': { params: none, payload: torStatusSchema },
  /** new Tor log lines */
  'tor.log': { params: none, payload: torLogLineSchema },
  /** steps of a pairing import in progress */
  'tor.pairing.progress': { params: none, payload: pairingProgressSchema },
} as const;
