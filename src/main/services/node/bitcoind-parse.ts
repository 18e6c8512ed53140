import { z } from 'zod';
import type { Section } from '../../../shared/services/common';
import type { ChainInfo, Disk, Mempool, NetworkInfo, NodePeer, NodePeers } from '../../../shared/services/node';
import { fromOutcome, type Outcome } from '../core/section';
import { btcPerKvbToSatVb, chainOf, networkOfCore, summarisePeers, versionOf, warningsOf, warningsSchema } from './normalise';

/**
 * Bitcoin Core's JSON-RPC answers (29.x; the fields kept are there since 0.21) to the node model.
 * Tested against answers shaped after Bitcoin Core's own RPC documentation (see
 * test/fixtures/services/bitcoind/README.md): no Bitcoin Core binary could be had here.
 */
const LABEL = 'Bitcoin Core';

export const coreBlockchainInfoSchema = z.object({
  chain: z.string(),
  blocks: z.number().int(),
  headers: z.number().int(),
  bestblockhash: z.string(),
  difficulty: z.number(),
  mediantime: z.number().optional(),
  verificationprogress: z.number(),
  initialblockdownload: z.boolean(),
  size_on_disk: z.number().optional(),
  pruned: z.boolean(),
  pruneheight: z.number().optional(),
  prune_target_size: z.number().optional(),
  warnings: warningsSchema,
});

export const coreNetworkInfoSchema = z.object({
  version: z.number(),
  subversion: z.string(),
  protocolversion: z.number(),
  relayfee: z.number(),
  warnings: warningsSchema,
});

export const coreMempoolSchema = z.object({
  size: z.number(),
  bytes: z.number(),
  usage: z.number().optional(),
  maxmempool: z.number().optional(),
  mempoolminfee: z.number().optional(),
});

export const corePeerSchema = z.object({
  id: z.number(),
  addr: z.string(),
  network: z.string().optional(),
  inbound: z.boolean(),
  subver: z.string().optional().default(''),
  conntime: z.number().optional(),
  bytessent: z.number().optional().default(0),
  bytesrecv: z.number().optional().default(0),
  /** seconds */
  pingtime: z.number().optional(),
  synced_blocks: z.number().optional(),
});

export function coreChainInfo(outcome: Outcome | undefined): Section<ChainInfo> {
  return fromOutcome(LABEL, 'getblockchaininfo', outcome, coreBlockchainInfoSchema, (r) => ({
    chain: chainOf(r.chain),
    blocks: r.blocks,
    headers: Math.max(r.headers, r.blocks),
    bestBlockHash: r.bestblockhash,
    verificationProgress: Math.min(1, Math.max(0, r.verificationprogress)),
    initialBlockDownload: r.initialblockdownload,
    difficulty: r.difficulty,
    medianTime: r.mediantime ?? null,
    pruned: r.pruned,
    pruneHeight: r.pruneheight ?? null,
    warnings: warningsOf(r.warnings),
  }));
}

export function coreDisk(outcome: Outcome | undefined): Section<Disk> {
  return fromOutcome(LABEL, 'getblockchaininfo', outcome, coreBlockchainInfoSchema, (r) => ({
    dataBytes: r.size_on_disk ?? null,
    pruned: r.pruned,
    pruneTargetBytes: r.prune_target_size ?? null,
  }));
}

export function corePeers(outcome: Outcome | undefined): Section<NodePeers> {
  return fromOutcome(LABEL, 'getpeerinfo', outcome, z.array(corePeerSchema), (list) =>
    summarisePeers(
      list.map(
        (p): NodePeer => ({
          id: p.id,
          address: p.addr,
          inbound: p.inbound,
          network: networkOfCore(p.network, p.addr),
          userAgent: p.subver,
          syncedBlocks: p.synced_blocks !== undefined && p.synced_blocks >= 0 ? p.synced_blocks : null,
          pingMs: p.pingtime !== undefined ? Math.round(p.pingtime * 10_000) / 10 : null,
          connectedAt: p.conntime ? new Date(p.conntime * 1000).toISOString() : null,
          bytesSent: p.bytessent,
          bytesReceived: p.bytesrecv,
        }),
      ),
    ),
  );
}

export function coreMempool(outcome: Outcome | undefined): Section<Mempool> {
  return fromOutcome(LABEL, 'getmempoolinfo', outcome, coreMempoolSchema, (m) => ({
    count: m.size,
    bytes: m.bytes,
    usageBytes: m.usage ?? null,
    maxBytes: m.maxmempool ?? null,
    minFeeSatVb: m.mempoolminfee !== undefined ? btcPerKvbToSatVb(m.mempoolminfee) : null,
  }));
}

export function coreNetwork(network: Outcome | undefined, uptime: Outcome | undefined, hashps: Outcome | undefined): Section<NetworkInfo> {
  const up = fromOutcome(LABEL, 'uptime', uptime, z.number(), (n) => n);
  const rate = fromOutcome(LABEL, 'getnetworkhashps', hashps, z.number(), (n) => n);
  return fromOutcome(LABEL, 'getnetworkinfo', network, coreNetworkInfoSchema, (n) => ({
    version: versionOf(n.version, 'core'),
    userAgent: n.subversion,
    protocolVersion: n.protocolversion,
    uptimeSeconds: up.ok ? up.value : null,
    hashRate: rate.ok ? rate.value : null,
    relayFeeSatVb: btcPerKvbToSatVb(n.relayfee),
    warnings: warningsOf(n.warnings),
  }));
}
