import { z } from 'zod';
import type { Chain } from '../../../shared/datacenter/spec';
import type { NodePeer, NodePeers, RecentBlock } from '../../../shared/services/node';

/** BTC per kvB (as both daemons report fee rates) to sat/vB. */
export const btcPerKvbToSatVb = (btc: number): number => Math.round(btc * 1e5 * 1000) / 1000;

/** The daemons' chain names to BCM's. */
export function chainOf(name: string): Chain {
  switch (name) {
    case 'main':
    case 'mainnet':
      return 'mainnet';
    case 'test':
    case 'testnet':
    case 'testnet3':
    case 'testnet4':
      return 'testnet';
    case 'signet':
      return 'signet';
    case 'regtest':
    case 'simnet':
      return 'regtest';
    default:
      throw new Error(`unknown chain "${name}"`);
  }
}

/** Which network a peer address is on, when the daemon does not say (btcd). */
export function networkOfAddress(address: string): NodePeer['network'] {
  const host = address.startsWith('[') ? address.slice(1, address.indexOf(']')) : address.replace(/:\d+$/, '');
  if (/\.onion$/i.test(host)) return 'onion';
  if (/\.i2p$/i.test(host)) return 'i2p';
  if (/^fc/i.test(host) && host.includes(':')) return 'cjdns';
  if (host.includes(':')) return 'ipv6';
  if (/^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host)) return 'local';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return 'ipv4';
  return 'other';
}

/** Bitcoin Core's `network` field to the model's. */
export function networkOfCore(network: string | undefined, address: string): NodePeer['network'] {
  switch (network) {
    case 'ipv4':
    case 'ipv6':
    case 'onion':
    case 'i2p':
    case 'cjdns':
      return network;
    case 'not_publicly_routable':
      return 'local';
    default:
      return networkOfAddress(address);
  }
}

export function summarisePeers(list: NodePeer[]): NodePeers {
  const inbound = list.filter((p) => p.inbound).length;
  const onion = list.filter((p) => p.network === 'onion' || p.network === 'i2p').length;
  return { inbound, outbound: list.length - inbound, onion, clearnet: list.length - onion, list };
}

/** "0.24.2" from btcd's 240200 (1000000·major + 10000·minor + 100·patch), "29.0.0" from Bitcoin Core's 290000 (10000·major + 100·minor + patch). */
export function versionOf(n: number, scheme: 'btcd' | 'core'): string {
  const [major, minor, patch] = scheme === 'btcd' ? [Math.floor(n / 1e6), Math.floor(n / 1e4) % 100, Math.floor(n / 100) % 100] : [Math.floor(n / 1e4), Math.floor(n / 100) % 100, n % 100];
  return `${major}.${minor}.${patch}`;
}

/** Warnings come as a string (older Core, btcd's `errors`) or a list (Core 28+). */
export const warningsSchema = z.union([z.string(), z.array(z.string())]).optional();
export function warningsOf(raw: z.infer<typeof warningsSchema>): string[] {
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw]).map((w) => w.trim()).filter(Boolean);
}

/** getblock with verbosity 1: both daemons give these fields. */
export const blockSchema = z.object({
  hash: z.string(),
  height: z.number().int(),
  time: z.number(),
  size: z.number(),
  tx: z.array(z.unknown()),
  nTx: z.number().optional(),
});
export const toRecentBlock = (b: z.infer<typeof blockSchema>): RecentBlock => ({ height: b.height, hash: b.hash, time: b.time, txCount: b.nTx ?? b.tx.length, sizeBytes: b.size });

/** The heights of the recent blocks, newest first. */
export function recentHeights(tip: number, count: number): number[] {
  const out: number[] = [];
  for (let h = tip; h >= 0 && out.length < count; h--) out.push(h);
  return out;
}

/** Blocks do not change once read (a reorg changes the hash at a height): cached by hash. */
export class BlockCache {
  private readonly byHash = new Map<string, RecentBlock>();
  constructor(private readonly limit = 64) {}

  get(hash: string): RecentBlock | undefined {
    return this.byHash.get(hash);
  }

  put(block: RecentBlock): void {
    this.byHash.set(block.hash, block);
    while (this.byHash.size > this.limit) {
      const oldest = this.byHash.keys().next().value;
      if (oldest === undefined) break;
      this.byHash.delete(oldest);
    }
  }
}
