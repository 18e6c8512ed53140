import { z } from 'zod';
import { chains, sizeSchema } from '../datacenter/spec';
import { APP_API_VERSION, manifestMetadataSchema, port, providesSchema, requiresSchema, volumeSchema } from './manifest';

/**
 * The manifest of a built-in component (apps/builtin/<id>.yaml): the same bcm/v1 App format as
 * ./manifest.ts (metadata, requires, provides, containers with sizes, volumes, ports and onion
 * ports), extended by `spec.builtin`, which names the TypeScript recipe (the driver, in
 * src/main/datacenter/components/) that renders what a template cannot: config files, units,
 * health checks, wallets. Such a manifest is data about the component; its driver does the work.
 */

/** The built-in components' drivers: one per component kind but `app`. */
export const builtinDrivers = ['gateway', 'bitcoind', 'btcd', 'lnd', 'clightning', 'kafka', 'logging'] as const;
export type BuiltinDriver = (typeof builtinDrivers)[number];

/** What wallet pairing publishes over its onion service, in the order it lists them. */
export const walletPortKinds = ['lnd-rest', 'lnd-grpc', 'node-rpc'] as const;
export type WalletPortKind = (typeof walletPortKinds)[number];

const name = z.string().regex(/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/, 'lowercase letters, digits and "-", 2 to 24 characters');
/** a value that differs per chain (ports, data sizes): any chain not named takes the plain value */
const byChain = <T extends z.ZodTypeAny>(value: T) => z.object(Object.fromEntries(chains.map((c) => [c, value.optional()])) as Record<(typeof chains)[number], z.ZodOptional<T>>).strict();

const builtinPortSchema = z
  .object({
    name,
    port,
    protocol: z.enum(['tcp', 'udp']).default('tcp'),
    byChain: byChain(port).optional(),
  })
  .strict();

const builtinVolumeSchema = volumeSchema
  .extend({
    byChain: byChain(z.number().min(0).max(16_384)).optional(),
    /** the block store of a Bitcoin node: a pruned node keeps pruneMiB + 10 GiB, a transaction index adds 8 % */
    blockStore: z.boolean().default(false),
  })
  .strict();

const builtinContainerSchema = z
  .object({
    /** the LXD container name; with `replicas`, the prefix of `<name>-01`, `<name>-02`… */
    name,
    /** the spec's setting that gives how many of this container there are */
    replicas: z.literal('kafka.brokers').optional(),
    size: sizeSchema,
    user: z.object({ name: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/), uid: z.number().int().min(2100).max(2199) }).optional(),
    /** its LXD volumes (the recipe attaches them; the data they grow to makes the estimate) */
    volumes: z.array(builtinVolumeSchema).default([]),
    /** disk its state grows to on its root disk, beyond its volumes (GiB), for the estimate */
    dataGiB: z.number().min(0).max(16_384).default(0),
    /** the gateway alone reaches the outside (NAT); every other container is on the internal bridge only */
    outbound: z.boolean().default(false),
    ports: z.array(builtinPortSchema).default([]),
    /**
     * ports the owner may publish as an onion service: the port's name, the setting that publishes
     * it (wallet pairing) and what the wallet knows it as
     */
    onion: z.array(z.object({ port: name, via: z.literal('walletPairing'), as: z.enum(walletPortKinds), description: z.string().min(1) }).strict()).default([]),
  })
  .strict();

export const builtinManifestSchema = z
  .object({
    apiVersion: z.literal(APP_API_VERSION),
    kind: z.literal('App'),
    metadata: manifestMetadataSchema,
    spec: z
      .object({
        builtin: z
          .object({
            /** the TypeScript recipe in src/main/datacenter/components/ */
            driver: z.enum(builtinDrivers),
            /** artifact names; their pinned releases live in src/shared/datacenter/artifacts.ts */
            artifacts: z.array(name).default([]),
          })
          .strict(),
        requires: requiresSchema,
        provides: providesSchema,
        /** none for a component that runs inside the others (the logging pipeline) */
        containers: z.array(builtinContainerSchema).default([]),
      })
      .strict(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.spec.builtin.driver !== m.metadata.id) ctx.addIssue({ code: 'custom', path: ['spec', 'builtin', 'driver'], message: `A built-in's driver is its id ("${m.metadata.id}").` });
    m.spec.requires.apps.forEach((id, i) => {
      if (!(builtinDrivers as readonly string[]).includes(id)) ctx.addIssue({ code: 'custom', path: ['spec', 'requires', 'apps', i], message: `A built-in requires only built-ins, and "${id}" is none (${builtinDrivers.join(', ')}).` });
    });
    m.spec.containers.forEach((c, ci) => {
      const ports = new Set(c.ports.map((p) => p.name));
      c.onion.forEach((o, oi) => {
        if (!ports.has(o.port)) ctx.addIssue({ code: 'custom', path: ['spec', 'containers', ci, 'onion', oi, 'port'], message: `No port named "${o.port}" in this container's ports.` });
      });
    });
  });

export type BuiltinManifest = z.output<typeof builtinManifestSchema>;
export type BuiltinContainer = BuiltinManifest['spec']['containers'][number];
