import { z } from 'zod';
import { endpointNameSchema } from '../endpoints';
import { artifacts as catalogArtifacts } from './artifacts';

export const chains = ['mainnet', 'testnet', 'signet', 'regtest'] as const;
export type Chain = (typeof chains)[number];

/** `app`: the containers of apps deployed from manifests (src/shared/apps), all apps together */
export const componentKinds = ['gateway', 'bitcoind', 'btcd', 'lnd', 'clightning', 'kafka', 'logging', 'app'] as const;
export type ComponentKind = (typeof componentKinds)[number];

export const lndWalletModes = ['managed', 'owner'] as const;
export type LndWalletMode = (typeof lndWalletModes)[number];

export const sizeSchema = z.object({
  cpus: z.number().int().min(1).max(64),
  memoryMiB: z.number().int().min(128).max(262_144),
  diskGiB: z.number().int().min(1).max(16_384),
});
export type Size = z.infer<typeof sizeSchema>;

/** A locally supplied artifact (air-gapped installs, or binaries built from source for tests). */
export const artifactOverrideSchema = z.object({
  version: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'A SHA-256: 64 hex digits'),
});
export type ArtifactOverride = z.infer<typeof artifactOverrideSchema>;

/** One published onion port of an app: its container and the port the manifest declares for it. */
export const appOnionPortSchema = z.object({ container: z.string().regex(/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/), port: z.number().int().min(1).max(65_535) }).strict();
export type AppOnionPort = z.infer<typeof appOnionPortSchema>;

/**
 * An app (from a manifest, src/shared/apps) in a datacenter: its id, and its containers with their
 * sizes as its manifest gave them when it was chosen (so the spec alone says what containers exist;
 * the planner checks them against the manifest and blocks when the manifest changed since).
 */
export const specAppSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/, 'An app id'),
  containers: z.array(z.object({ name: z.string().regex(/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/), size: sizeSchema })).min(1),
  /**
   * The onion ports of its manifest the owner publishes from the gateway's Tor (a client-authorised
   * v3 onion service each); only ports the manifest declares (main blocks the plan otherwise).
   */
  onion: z.array(appOnionPortSchema).default([]),
});
export type SpecApp = z.infer<typeof specAppSchema>;

/**
 * The desired state of one datacenter, as the wizard produces it and ~/.bcm/datacenters/<name>.json
 * stores it. Everything it creates lives in the LXD project `bcm-<name>` on `endpoint`.
 */
export const datacenterSpecSchema = z
  .object({
    schemaVersion: z.literal(1),
    name: endpointNameSchema.max(24, 'At most 24 characters (it becomes part of LXD names)'),
    endpoint: endpointNameSchema,
    chain: z.enum(chains),
    /** the Bitcoin backend */
    bitcoin: z.object({
      implementation: z.enum(['bitcoind', 'btcd']),
      /** bitcoind only: prune to this many MiB (0 = keep everything) */
      pruneMiB: z.number().int().min(0).default(0),
      txindex: z.boolean().default(false),
    }),
    lightning: z.object({
      lnd: z.boolean(),
      clightning: z.boolean(),
      /**
       * lnd's wallet: 'managed' = made by lnd without a seed and unlocked (noseedbackup, regtest only);
       * 'owner' = the owner creates or restores it from BCM and keeps its 24 words. Absent = 'managed'
       * on regtest, 'owner' on every other chain (see lndWalletMode).
       */
      lndWallet: z.enum(lndWalletModes).optional(),
    }),
    kafka: z.object({ enabled: z.boolean(), brokers: z.union([z.literal(1), z.literal(3)]) }),
    /** containers' logs into a Kafka topic (needs kafka) */
    logging: z.boolean(),
    /** publish the endpoint's LXD API as an onion service from the gateway */
    remoteAccess: z.boolean().default(false),
    /** publish lnd (REST, gRPC) and the node's RPC as an onion service for mobile wallets (issue 13) */
    walletPairing: z.boolean().default(false),
    /** per-container overrides of the catalog's default sizes, by container name */
    sizes: z.record(z.string(), sizeSchema).default({}),
    /** LXD cluster member per container name; absent = wherever LXD places it */
    placement: z.record(z.string(), z.string()).default({}),
    /** the base image: an alias on the endpoint, or remote server + alias */
    image: z
      .object({ alias: z.string().min(1), server: z.string().url().optional() })
      .default({ alias: 'debian/12/cloud', server: 'https://images.lxd.canonical.com' }),
    /** artifacts supplied locally in place of the catalog's releases, by artifact name (wins over `versions`) */
    artifacts: z.record(z.string(), artifactOverrideSchema).default({}),
    /**
     * The release pinned per artifact name ("lnd": "0.18.5-beta"); an artifact not named here gets
     * its default (newest pinned) version. A built-in component's artifact is checked against BCM's
     * catalog here; an app's (issue 14: "swagger-ui-dist": "5.32.0") against its manifest's pins by
     * the planner, which has the manifests (a blocker names the versions it pins). Older spec files
     * lack it: {}.
     */
    versions: z.record(z.string(), z.string().min(1)).default({}),
    /** apps from manifests (issue 14), in the order they were chosen; older spec files lack it: [] */
    apps: z.array(specAppSchema).default([]),
  })
  .superRefine((spec, ctx) => {
    for (const [name, version] of Object.entries(spec.versions)) {
      const def = catalogArtifacts[name];
      // not the catalog's: an app's artifact, checked by the planner against the app's manifest
      if (!def) continue;
      if (!def.versions.some((v) => v.version === version)) {
        const known = def.versions.map((v) => v.version).join(', ');
        ctx.addIssue({ code: 'custom', path: ['versions', name], message: `BCM has no pinned ${name} ${version}; choose one of ${known}.` });
      }
    }
    if (spec.logging && !spec.kafka.enabled) {
      ctx.addIssue({ code: 'custom', path: ['logging'], message: 'The logging pipeline needs Kafka: enable Kafka or turn logging off.' });
    }
    if (spec.bitcoin.implementation === 'btcd' && spec.lightning.clightning) {
      ctx.addIssue({ code: 'custom', path: ['lightning', 'clightning'], message: 'Core Lightning needs Bitcoin Core (bitcoind), not btcd.' });
    }
    if (spec.lightning.lndWallet === 'managed' && spec.chain !== 'regtest') {
      ctx.addIssue({ code: 'custom', path: ['lightning', 'lndWallet'], message: `A wallet without a seed is for regtest only: on ${spec.chain} the owner creates lnd's wallet and keeps its seed.` });
    }
    if (spec.walletPairing && !spec.lightning.lnd) {
      ctx.addIssue({ code: 'custom', path: ['walletPairing'], message: 'Pairing a mobile wallet needs lnd: enable LND or turn pairing off.' });
    }
    if (spec.bitcoin.implementation === 'btcd' && spec.bitcoin.pruneMiB > 0) {
      ctx.addIssue({ code: 'custom', path: ['bitcoin', 'pruneMiB'], message: 'btcd cannot prune; choose Bitcoin Core to prune.' });
    }
    if (spec.bitcoin.pruneMiB > 0 && spec.bitcoin.pruneMiB < 550) {
      ctx.addIssue({ code: 'custom', path: ['bitcoin', 'pruneMiB'], message: 'Bitcoin Core prunes to at least 550 MiB.' });
    }
    if (spec.bitcoin.pruneMiB > 0 && spec.bitcoin.txindex) {
      ctx.addIssue({ code: 'custom', path: ['bitcoin', 'txindex'], message: 'A pruned node cannot keep a transaction index.' });
    }
  });

export type DatacenterSpec = z.output<typeof datacenterSpecSchema>;
export type DatacenterSpecInput = z.input<typeof datacenterSpecSchema>;

/** Who makes lnd's wallet: the spec's choice, else 'managed' on regtest and 'owner' on real chains. */
export function lndWalletMode(spec: Pick<DatacenterSpec, 'chain' | 'lightning'>): LndWalletMode {
  return spec.lightning.lndWallet ?? (spec.chain === 'regtest' ? 'managed' : 'owner');
}

export function projectName(datacenter: string): string {
  return `bcm-${datacenter}`;
}

/** Sensible defaults for a new datacenter (what the wizard starts from). */
export function defaultSpec(name: string, endpoint: string, chain: Chain = 'regtest'): DatacenterSpec {
  return datacenterSpecSchema.parse({
    schemaVersion: 1,
    name,
    endpoint,
    chain,
    bitcoin: { implementation: 'bitcoind' },
    lightning: { lnd: true, clightning: false },
    kafka: { enabled: false, brokers: 1 },
    logging: false,
  });
}
