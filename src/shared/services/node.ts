import { z } from 'zod';
import { chains } from '../datacenter/spec';
import { nodeComponents, reachabilitySchema, sectionSchema, serviceHealthSchema } from './common';

/** The normalised Bitcoin node model: Bitcoin Core and btcd answers both become this. */
export const chainInfoSchema = z.object({
  chain: z.enum(chains),
  blocks: z.number().int(),
  headers: z.number().int(),
  bestBlockHash: z.string(),
  /** 0..1; btcd does not report it: blocks / headers */
  verificationProgress: z.number(),
  initialBlockDownload: z.boolean(),
  difficulty: z.number(),
  /** unix seconds of the tip's median time, when reported */
  medianTime: z.number().nullable(),
  pruned: z.boolean(),
  pruneHeight: z.number().nullable(),
  warnings: z.array(z.string()),
});
export type ChainInfo = z.infer<typeof chainInfoSchema>;

export const peerNetworks = ['ipv4', 'ipv6', 'onion', 'i2p', 'cjdns', 'local', 'other'] as const;

export const nodePeerSchema = z.object({
  id: z.number(),
  address: z.string(),
  inbound: z.boolean(),
  network: z.enum(peerNetworks),
  userAgent: z.string(),
  /** the peer's best block as last announced, when known */
  syncedBlocks: z.number().nullable(),
  pingMs: z.number().nullable(),
  connectedAt: z.string().nullable(),
  bytesSent: z.number(),
  bytesReceived: z.number(),
});
export type NodePeer = z.infer<typeof nodePeerSchema>;

export const nodePeersSchema = z.object({
  inbound: z.number(),
  outbound: z.number(),
  onion: z.number(),
  clearnet: z.number(),
  list: z.array(nodePeerSchema),
});
export type NodePeers = z.infer<typeof nodePeersSchema>;

export const mempoolSchema = z.object({
  count: z.number(),
  bytes: z.number(),
  /** memory the mempool uses, and its limit (Bitcoin Core) */
  usageBytes: z.number().nullable(),
  maxBytes: z.number().nullable(),
  /** the lowest fee rate it accepts now (sat/vB); btcd: its relay fee */
  minFeeSatVb: z.number().nullable(),
});
export type Mempool = z.infer<typeof mempoolSchema>;

export const networkInfoSchema = z.object({
  version: z.string(),
  userAgent: z.string().nullable(),
  protocolVersion: z.number().nullable(),
  uptimeSeconds: z.number().nullable(),
  /** estimated network hashes per second over the last 120 blocks */
  hashRate: z.number().nullable(),
  relayFeeSatVb: z.number().nullable(),
  warnings: z.array(z.string()),
});
export type NetworkInfo = z.infer<typeof networkInfoSchema>;

export const diskSchema = z.object({
  /** the node's data folder (blocks, chainstate, indexes) */
  dataBytes: z.number().nullable(),
  pruned: z.boolean(),
  pruneTargetBytes: z.number().nullable(),
});
export type Disk = z.infer<typeof diskSchema>;

export const recentBlockSchema = z.object({
  height: z.number(),
  hash: z.string(),
  /** unix seconds, as in the header */
  time: z.number(),
  txCount: z.number(),
  sizeBytes: z.number(),
});
export type RecentBlock = z.infer<typeof recentBlockSchema>;

/** One sample of the node's history, kept in main while a dashboard reads it. */
export const nodeSampleSchema = z.object({
  at: z.number(),
  blocks: z.number(),
  headers: z.number(),
  mempoolCount: z.number().nullable(),
  mempoolBytes: z.number().nullable(),
  peers: z.number().nullable(),
});
export type NodeSample = z.infer<typeof nodeSampleSchema>;

export const nodeSnapshotSchema = z.object({
  datacenter: z.string(),
  component: z.enum(nodeComponents),
  title: z.string(),
  chain: z.enum(chains),
  checkedAt: z.string(),
  reachability: reachabilitySchema,
  health: serviceHealthSchema,
  chainInfo: sectionSchema(chainInfoSchema),
  peers: sectionSchema(nodePeersSchema),
  mempool: sectionSchema(mempoolSchema),
  network: sectionSchema(networkInfoSchema),
  disk: sectionSchema(diskSchema),
  recentBlocks: sectionSchema(z.array(recentBlockSchema)),
  history: z.array(nodeSampleSchema),
  /** what the dashboard may offer: mining only on regtest */
  canMine: z.boolean(),
});
export type NodeSnapshot = z.infer<typeof nodeSnapshotSchema>;

export const mineResultSchema = z.object({
  mined: z.number(),
  tip: z.number(),
  /** where the block rewards went */
  address: z.string(),
  payee: z.enum(['lightning', 'node']),
});
export type MineResult = z.infer<typeof mineResultSchema>;
