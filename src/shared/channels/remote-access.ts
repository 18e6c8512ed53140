import { z } from 'zod';
import { endpointNameSchema } from '../endpoints';
import { onionClientNameSchema, onionClientSchema, pairingExportSchema } from './tor';

/**
 * Remote access to a datacenter's endpoint (issue 6, server side): the gateway's Tor publishes the
 * endpoint's LXD API as a v3 onion service with client authorisation. The address comes from a
 * key kept in ~/.bcm/secrets; clients are x25519 pairs whose private half only leaves main inside
 * a pairing bundle.
 */

export const remoteAccessStatusSchema = z.object({
  datacenter: z.string(),
  /** the spec's remoteAccess */
  enabled: z.boolean(),
  /** "<56 characters>.onion", known once the key exists (the first plan with remote access on) */
  onionAddress: z.string().optional(),
  port: z.number(),
  /** the gateway's Tor serves this address to at least one authorised client */
  published: z.boolean(),
  clients: z.array(onionClientSchema),
  /** the gateway runs with remote access set up, so clients can be added */
  ready: z.boolean(),
  /** why it is not published, and what to do */
  message: z.string().optional(),
});
export type RemoteAccessStatus = z.infer<typeof remoteAccessStatusSchema>;

const dc = z.object({ name: endpointNameSchema }).strict();

export const remoteAccessInvokeChannels = {
  'datacenters.remoteAccess.status': { input: dc, output: remoteAccessStatusSchema },
  /** authorises a new client on the gateway and returns its pairing bundle (the only time its private key leaves main) */
  'datacenters.remoteAccess.clients.add': {
    input: z.object({ name: endpointNameSchema, client: onionClientNameSchema }).strict(),
    output: pairingExportSchema,
  },
  /** the client's key stops working as soon as the gateway's Tor has reloaded */
  'datacenters.remoteAccess.clients.revoke': {
    input: z.object({ name: endpointNameSchema, client: z.string().min(1) }).strict(),
    output: remoteAccessStatusSchema,
  },
} as const;

export const remoteAccessEventChannels = {} as const;
