import { z } from 'zod';
import type { Section } from '../../../shared/services/common';
import type { ChainInfo, Disk, Mempool, NetworkInfo, NodePeer, NodePeers } from '../../../shared/services/node';
import { combine, fromOutcome, okSection, type Outcome } from '../core/section';
import { btcPerKvbToSatVb, chainOf, networkOfAddress, summarisePeers, versionOf } from './normalise';

/**
 * btcd's JSON-RPC answers (btcd 0.24) to the node model. Schemas name only the fields the model
 * uses: other fields, present or not, never break a reading. Recorded answers of the real btcd
 * are in test/fixtures/services/btcd/.
 */
const LABEL = 'btcd';

export const btcdBlockchainInfoSchema = z.object({
  chain: z.string(),
  blocks: z.number().int(),
  headers: z.number().int(),
  bestblockhash: z.string(),
  difficulty: z.number(),
  mediantime: z.number().optional(),
  pruned: z.boolean().optional(),
});

export const btcdInfoSchema = z.object({
  version: z.number(),
  protocolversion: z.number(),
  blocks: z.number(),
  connections: z.number(),
  relayfee: z.number(),
  errors: z.string().optional(),
});

export const btcdMempoolSchema = z.object({ size: z.number(), bytes: z.number() });

export const btcdPeerSchema = z.object({
  id: z.number(),
  addr: z.string(),
  inbound: z.boolean(),
  subver: z.string().optional().default(''),
  conntime: z.number().optional(),
  bytessent: z.number().optional().default(0),
  bytesrecv: z.number().optional().default(0),
  /** microseconds */
  pingtime: z.number().optional(),
  currentheight: z.number().optional(),
});

/** Readings of the node's folder and process, from one exec (btcd's RPC reports neither). */
export interface HostFacts {
  dataBytes: number | null;
  startedAt: number | null;
}

/** Parses `du -sb DIR | cut -f1; systemctl show … ExecMainStartTimestamp --timestamp=unix`. */
export function parseHostFacts(stdout: string): HostFacts {
  const [du, started] = stdout.split('\n').map((l) => l.trim());
  const dataBytes = du && /^\d+$/.test(du) ? Number(du) : null;
  const at = started?.startsWith('@') ? Number(started.slice(1)) : NaN;
  return { dataBytes, startedAt: Number.isFinite(at) && at > 0 ? at : null };
}

export function btcdChainInfo(outcome: Outcome | undefined, nowS: number): Section<ChainInfo> {
  return fromOutcome(LABEL, 'getblockchaininfo', outcome, btcdBlockchainInfoSchema, (r) => {
    const chain = chainOf(r.chain);
    const progress = r.headers > 0 ? Math.min(1, r.blocks / r.headers) : 1;
    // btcd does not say; it is catching up when headers run ahead, or (off regtest) when its tip is over a day old
    const stale = chain !== 'regtest' && r.mediantime !== undefined && nowS - r.mediantime > 24 * 3600;
    return {
      chain,
      blocks: r.blocks,
      headers: Math.max(r.headers, r.blocks),
      bestBlockHash: r.bestblockhash,
      verificationProgress: progress,
      initialBlockDownload: r.headers - r.blocks > 1 || stale,
      difficulty: r.difficulty,
      medianTime: r.mediantime ?? null,
      pruned: r.pruned ?? false,
      pruneHeight: null,
      warnings: [],
    };
  });
}

export function btcdPeers(outcome: Outcome | undefined): Section<NodePeers> {
  return fromOutcome(LABEL, 'getpeerinfo', outcome, z.array(btcdPeerSchema), (list) =>
    summarisePeers(
      list.map(
        (p): NodePeer => ({
          id: p.id,
          address: p.addr,
          inbound: p.inbound,
          network: networkOfAddress(p.addr),
          userAgent: p.subver,
          syncedBlocks: p.currentheight ?? null,
          pingMs: p.pingtime !== undefined && p.pingtime > 0 ? Math.round(p.pingtime / 100) / 10 : null,
          connectedAt: p.conntime ? new Date(p.conntime * 1000).toISOString() : null,
          bytesSent: p.bytessent,
          bytesReceived: p.bytesrecv,
        }),
      ),
    ),
  );
}

export function btcdMempool(mempool: Outcome | undefined, info: Outcome | undefined): Section<Mempool> {
  const pool = fromOutcome(LABEL, 'getmempoolinfo', mempool, btcdMempoolSchema, (m) => m);
  const relay = fromOutcome(LABEL, 'getinfo', info, btcdInfoSchema, (i) => i.relayfee);
  return combine(pool, relay.ok ? relay : okSection(null), (m, fee) => ({
    count: m.size,
    bytes: m.bytes,
    usageBytes: null,
    maxBytes: null,
    minFeeSatVb: fee === null ? null : btcPerKvbToSatVb(fee),
  }));
}

export function btcdNetwork(info: Outcome | undefined, hashps: Outcome | undefined, facts: HostFacts | null, nowS: number): Section<NetworkInfo> {
  const hashRate = fromOutcome(LABEL, 'getnetworkhashps', hashps, z.number(), (n) => n);
  return fromOutcome(LABEL, 'getinfo', info, btcdInfoSchema, (i) => ({
    version: versionOf(i.version, 'btcd'),
    userAgent: `/btcd:${versionOf(i.version, 'btcd')}/`,
    protocolVersion: i.protocolversion,
    // btcd's `uptime` RPC answers its start time as 0 (a known quirk): the service's start time is read instead
    uptimeSeconds: facts?.startedAt ? Math.max(0, nowS - facts.startedAt) : null,
    hashRate: hashRate.ok ? hashRate.value : null,
    relayFeeSatVb: btcPerKvbToSatVb(i.relayfee),
    warnings: i.errors ? [i.errors] : [],
  }));
}

export function btcdDisk(facts: Section<HostFacts>): Section<Disk> {
  if (!facts.ok) return facts;
  return okSection({ dataBytes: facts.value.dataBytes, pruned: false, pruneTargetBytes: null });
}
