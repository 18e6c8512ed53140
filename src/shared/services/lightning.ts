import { z } from 'zod';
import { lightningComponents, reachabilitySchema, sectionSchema, serviceHealthSchema } from './common';

/** The normalised Lightning model: lnd (REST) and Core Lightning (JSON-RPC) answers both become this. */
export const lightningInfoSchema = z.object({
  alias: z.string(),
  pubkey: z.string(),
  version: z.string(),
  color: z.string().nullable(),
  blockHeight: z.number(),
  blockHash: z.string().nullable(),
  syncedToChain: z.boolean(),
  /** lnd says; Core Lightning has no such flag (null) */
  syncedToGraph: z.boolean().nullable(),
  numPeers: z.number(),
  /** node URIs (pubkey@host:port) it announces */
  uris: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type LightningInfo = z.infer<typeof lightningInfoSchema>;

export const walletStates = ['none', 'locked', 'unlocked', 'starting', 'unknown'] as const;
export const walletSchema = z.object({
  state: z.enum(walletStates),
  /** the daemon's own word for it (lnd: NON_EXISTING, LOCKED, RPC_ACTIVE…) */
  detail: z.string(),
});
export type WalletState = z.infer<typeof walletSchema>;

export const balancesSchema = z.object({
  onchainConfirmedSat: z.number(),
  onchainUnconfirmedSat: z.number(),
  /** reserved for anchors, or locked by a pending action */
  onchainLockedSat: z.number(),
  channelLocalSat: z.number(),
  channelRemoteSat: z.number(),
  pendingOpenLocalSat: z.number(),
});
export type Balances = z.infer<typeof balancesSchema>;

export const channelStates = ['active', 'inactive', 'pending-open', 'pending-close', 'closing'] as const;
export const channelSchema = z.object({
  id: z.string(),
  peer: z.string(),
  peerAlias: z.string().nullable(),
  state: z.enum(channelStates),
  capacitySat: z.number(),
  localSat: z.number(),
  remoteSat: z.number(),
  private: z.boolean(),
});
export type Channel = z.infer<typeof channelSchema>;

export const channelsSchema = z.object({
  active: z.number(),
  inactive: z.number(),
  pending: z.number(),
  capacitySat: z.number(),
  list: z.array(channelSchema),
});
export type Channels = z.infer<typeof channelsSchema>;

export const lightningPeerSchema = z.object({
  pubkey: z.string(),
  address: z.string().nullable(),
  inbound: z.boolean().nullable(),
  pingMs: z.number().nullable(),
  bytesSent: z.number().nullable(),
  bytesReceived: z.number().nullable(),
});
export type LightningPeer = z.infer<typeof lightningPeerSchema>;

export const channelBackupSchema = z.object({
  /** a static channel backup can be taken now (lnd: the multi-channel backup; CLN: emergency.recover) */
  available: z.boolean(),
  channels: z.number(),
  description: z.string(),
});
export type ChannelBackup = z.infer<typeof channelBackupSchema>;

export const lightningSnapshotSchema = z.object({
  datacenter: z.string(),
  component: z.enum(lightningComponents),
  title: z.string(),
  checkedAt: z.string(),
  reachability: reachabilitySchema,
  health: serviceHealthSchema,
  wallet: walletSchema,
  info: sectionSchema(lightningInfoSchema),
  balances: sectionSchema(balancesSchema),
  channels: sectionSchema(channelsSchema),
  peers: sectionSchema(z.array(lightningPeerSchema)),
  backup: sectionSchema(channelBackupSchema),
  /** the Bitcoin node's height when it was read with this snapshot (null when unknown) */
  nodeBlocks: z.number().nullable(),
});
export type LightningSnapshot = z.infer<typeof lightningSnapshotSchema>;

export const invoiceSchema = z.object({
  bolt11: z.string(),
  paymentHash: z.string(),
  amountSat: z.number(),
  memo: z.string(),
  expiresAt: z.string(),
});
export type Invoice = z.infer<typeof invoiceSchema>;

export const connectInfoSchema = z.object({
  /** lndconnect://host:port?cert=…&macaroon=… (carries the admin macaroon: a secret) */
  uri: z.string(),
  host: z.string(),
  port: z.number(),
  /** where the address is reachable from */
  note: z.string(),
});
export type ConnectInfo = z.infer<typeof connectInfoSchema>;
