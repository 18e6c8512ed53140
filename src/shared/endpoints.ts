import { z } from 'zod';

/** Names are used as file names under ~/.bcm/endpoints and in LXD project names: keep them tame. */
export const endpointNameSchema = z
  .string()
  .min(1, 'A name is required')
  .max(63, 'At most 63 characters')
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'Lower-case letters, digits and inner dashes only');

/** Lower-case hex SHA-256 of the certificate's DER bytes, as LXD prints it. */
export const fingerprintSchema = z.string().regex(/^[0-9a-f]{64}$/, 'A SHA-256 fingerprint: 64 hex digits');

export const endpointKinds = ['unix', 'https', 'onion'] as const;
export type EndpointKind = (typeof endpointKinds)[number];

/**
 * An endpoint as stored in ~/.bcm/endpoints/<name>.json and shown to the renderer. It holds
 * no secret: the client key lives under ~/.bcm/secrets and is referenced by name.
 */
export const endpointSchema = z.object({
  schemaVersion: z.literal(1),
  name: endpointNameSchema,
  kind: z.enum(endpointKinds),
  /** unix: socket path; https/onion: host:port */
  address: z.string().min(1),
  /** https/onion: the pinned server certificate */
  serverFingerprint: fingerprintSchema.optional(),
  serverCertificate: z.string().optional(),
  /** https/onion: which client identity under ~/.bcm/secrets is used (e.g. "client") */
  clientIdentity: z.string().optional(),
  /** onion: reference to the client-auth key under ~/.bcm/secrets */
  onionClientAuth: z.string().optional(),
  addedAt: z.string(),
});
export type Endpoint = z.infer<typeof endpointSchema>;

export const localDetectionSchema = z.object({
  state: z.enum(['ready', 'missing', 'not-running', 'no-permission']),
  socketPath: z.string().optional(),
  /** what was found, in a sentence */
  message: z.string(),
  /** what the user can do about it (a command or a step), when not ready */
  nextStep: z.string().optional(),
});
export type LocalDetection = z.infer<typeof localDetectionSchema>;

export const remoteProbeSchema = z.object({
  /** normalised host:port */
  address: z.string(),
  fingerprint: fingerprintSchema,
  certificatePem: z.string(),
  /** subject common name of the server certificate */
  subject: z.string().optional(),
  notAfter: z.string().optional(),
  /** what GET /1.0 said before we are trusted */
  serverName: z.string().optional(),
  lxdVersion: z.string().optional(),
  /** true when this machine's client certificate is already trusted there */
  trusted: z.boolean(),
});
export type RemoteProbe = z.infer<typeof remoteProbeSchema>;

export const credentialSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('password'), password: z.string().min(1, 'Enter the trust password') }),
  z.object({ kind: z.literal('token'), token: z.string().min(1, 'Paste the trust token') }),
  /** already trusted (e.g. the certificate was added with `lxc config trust add`) */
  z.object({ kind: z.literal('none') }),
]);
export type Credential = z.infer<typeof credentialSchema>;

export const serverStatusSchema = z.object({
  serverName: z.string(),
  version: z.string(),
  apiExtensions: z.number(),
  clustered: z.boolean(),
  kernel: z.string().optional(),
  storageDriver: z.string().optional(),
});

export const resourcesSchema = z.object({
  cpu: z.object({ sockets: z.number(), cores: z.number(), threads: z.number(), model: z.string().optional() }),
  memory: z.object({ total: z.number(), used: z.number() }),
  disk: z.object({ total: z.number(), used: z.number(), pools: z.number() }),
});

/** One member of a clustered endpoint (issue 14): LXD's status, roles and what it has free. */
export const clusterMemberStatusSchema = z.object({
  name: z.string(),
  url: z.string(),
  /** LXD's word: Online, Offline, Evacuated, Blocked */
  status: z.string(),
  message: z.string(),
  roles: z.array(z.string()),
  failureDomain: z.string().optional(),
  /** absent when the member cannot be asked (offline) */
  resources: resourcesSchema.optional(),
  /** instances located on it, every project */
  instances: z.number(),
});
export type ClusterMemberStatus = z.infer<typeof clusterMemberStatusSchema>;

export const endpointStatusSchema = z.object({
  name: z.string(),
  reachable: z.boolean(),
  checkedAt: z.string(),
  latencyMs: z.number().optional(),
  server: serverStatusSchema.optional(),
  instances: z.object({ total: z.number(), running: z.number() }).optional(),
  resources: resourcesSchema.optional(),
  /** the members, when the endpoint is a cluster */
  members: z.array(clusterMemberStatusSchema).optional(),
  error: z
    .object({ code: z.string(), message: z.string(), detail: z.record(z.string(), z.unknown()).optional() })
    .optional(),
});
export type EndpointStatus = z.infer<typeof endpointStatusSchema>;
