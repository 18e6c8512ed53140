import { z } from 'zod';
import { endpointNameSchema } from '../endpoints';
import { onionClientNameSchema, onionClientSchema } from './tor';

/**
 * An app's onion ports published from a datacenter's gateway (issue 14's "may publish over onion"):
 * each published port is a v3 onion service with client authorisation. A client is an x25519 key
 * pair; its private half leaves main once, in the answer to `clients.add`.
 */

const portRef = { name: endpointNameSchema, container: z.string().regex(/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/), port: z.number().int().min(1).max(65_535) };

export const appOnionStatusSchema = z.object({
  app: z.string(),
  appTitle: z.string(),
  container: z.string(),
  port: z.number(),
  /** what the manifest says the port is */
  description: z.string(),
  /** "<56 characters>.onion", known once the key exists (the first plan that publishes it) */
  onionAddress: z.string().optional(),
  /** the gateway's Tor serves it to at least one client, and a directory stored its descriptor */
  published: z.boolean(),
  clients: z.array(onionClientSchema),
  /** the gateway runs with this onion set up, so client keys can be made */
  ready: z.boolean(),
  /** why it is not published, and what to do */
  message: z.string().optional(),
});
export type AppOnionStatus = z.infer<typeof appOnionStatusSchema>;

export const appOnionClientKeySchema = z.object({
  client: z.string(),
  onionAddress: z.string(),
  port: z.number(),
  /** Tor's client-authorisation line, `<onion without .onion>:descriptor:x25519:<private key>`: shown once */
  clientAuth: z.string(),
  clientAuthQrSvg: z.string(),
  status: appOnionStatusSchema,
});
export type AppOnionClientKey = z.infer<typeof appOnionClientKeySchema>;

export const appOnionInvokeChannels = {
  /** every onion port the datacenter's apps publish (the spec's apps[].onion) */
  'datacenters.appOnions.status': { input: z.object({ name: endpointNameSchema }).strict(), output: z.array(appOnionStatusSchema) },
  /** authorises a new client key on the gateway and returns it (the only time its private half leaves main) */
  'datacenters.appOnions.clients.add': {
    input: z.object({ ...portRef, client: onionClientNameSchema }).strict(),
    output: appOnionClientKeySchema,
  },
  /** the key stops working once the gateway's Tor has restarted */
  'datacenters.appOnions.clients.revoke': {
    input: z.object({ ...portRef, client: z.string().min(1) }).strict(),
    output: appOnionStatusSchema,
  },
} as const;
