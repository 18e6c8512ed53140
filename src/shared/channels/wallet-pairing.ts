import { z } from 'zod';
import { walletPortKinds } from '../apps/builtin';
import { endpointNameSchema } from '../endpoints';
import { macaroonPermissions } from '../services/lndconnect';
import { onionClientNameSchema } from './tor';

/**
 * Pairing a mobile wallet (issue 13): lnd's REST and gRPC ports and the node's RPC are a v3 onion
 * service of the gateway's Tor with client authorisation. Pairing a wallet authorises a new
 * client key and returns, once, what the phone needs: an lndconnect URI (onion host, lnd's
 * certificate, the macaroon of the chosen permission) and the Tor client-authorisation key.
 */

export const walletPortSchema = z.object({ port: z.number(), what: z.enum(walletPortKinds) });

export const pairedWalletSchema = z.object({ name: z.string(), addedAt: z.string(), permission: z.enum(macaroonPermissions).optional() });
export type PairedWallet = z.infer<typeof pairedWalletSchema>;

export const walletPairingStatusSchema = z.object({
  datacenter: z.string(),
  /** the spec's walletPairing */
  enabled: z.boolean(),
  /** "<56 characters>.onion", known once a plan with pairing on has run */
  onionAddress: z.string().optional(),
  ports: z.array(walletPortSchema),
  /** the gateway runs with the wallet service set up, so wallets can be paired */
  ready: z.boolean(),
  /** the gateway's Tor serves the address and a directory stored it */
  published: z.boolean(),
  wallets: z.array(pairedWalletSchema),
  /** why pairing cannot be used yet, and what to do */
  message: z.string().optional(),
});
export type WalletPairingStatus = z.infer<typeof walletPairingStatusSchema>;

export const walletApis = ['rest', 'grpc'] as const;

export const walletPairingSchema = z.object({
  wallet: z.string(),
  permission: z.enum(macaroonPermissions),
  api: z.enum(walletApis),
  onionAddress: z.string(),
  port: z.number(),
  /** lndconnect://<onion>:<port>?cert=…&macaroon=… — a secret */
  uri: z.string(),
  /** `<address>:descriptor:x25519:<key>` for the phone's Tor — a secret */
  clientAuth: z.string(),
  /** QR codes (SVG) of the URI and of the client-authorisation line */
  uriQrSvg: z.string(),
  clientAuthQrSvg: z.string(),
  /** what holding the QR grants */
  grants: z.string(),
  status: walletPairingStatusSchema,
});
export type WalletPairing = z.infer<typeof walletPairingSchema>;

const dc = z.object({ name: endpointNameSchema }).strict();

export const walletPairingInvokeChannels = {
  'services.walletPairing.status': { input: dc, output: walletPairingStatusSchema },
  /** authorises a new wallet on the gateway; the only time its key and macaroon leave main */
  'services.walletPairing.pair': {
    input: z.object({ name: endpointNameSchema, wallet: onionClientNameSchema, permission: z.enum(macaroonPermissions), api: z.enum(walletApis) }).strict(),
    output: walletPairingSchema,
  },
  /** the wallet's key stops working once the gateway's Tor has restarted (new introduction points) */
  'services.walletPairing.revoke': {
    input: z.object({ name: endpointNameSchema, wallet: z.string().min(1).max(64) }).strict(),
    output: walletPairingStatusSchema,
  },
} as const;
