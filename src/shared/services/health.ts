import type { Chain } from '../datacenter/spec';
import type { Reachability, Section, ServiceHealth } from './common';
import type { LightningInfo, WalletState } from './lightning';
import type { ChainInfo, NodePeers, NodeSample } from './node';

/** No block for this long while behind: stalled. */
export const STALL_AFTER_MS = 10 * 60_000;
/** Progress is measured over at most this much recent history. */
const RATE_WINDOW_MS = 30 * 60_000;

const health = (state: ServiceHealth['state'], reason: string, etaSeconds: number | null = null): ServiceHealth => ({ state, reason, etaSeconds });

/** Blocks per second over the recent samples, and how long the tip has not moved. */
export function progressOf(history: NodeSample[], now: number): { rate: number | null; stillForMs: number } {
  const recent = history.filter((s) => now - s.at <= RATE_WINDOW_MS);
  const last = history[history.length - 1];
  let stillForMs = 0;
  if (last) {
    let firstAtTip = last;
    for (let i = history.length - 1; i >= 0; i--) {
      const s = history[i];
      if (!s || s.blocks !== last.blocks) break;
      firstAtTip = s;
    }
    stillForMs = now - firstAtTip.at;
  }
  const first = recent[0];
  if (!first || !last || last.at - first.at < 30_000) return { rate: null, stillForMs };
  return { rate: (last.blocks - first.blocks) / ((last.at - first.at) / 1000), stillForMs };
}

export interface NodeHealthInput {
  chain: Chain;
  reachability: Reachability;
  chainInfo: Section<ChainInfo>;
  peers: Section<NodePeers>;
  history: NodeSample[];
  now: number;
}

/** synced / syncing (with an estimate) / stalled / down / starting, with the reason in words. */
export function nodeHealth(input: NodeHealthInput): ServiceHealth {
  const { reachability, chainInfo, peers, history, now } = input;
  if (!reachability.reachable) return health('down', reachability.error?.message ?? 'The node does not answer.');
  if (!chainInfo.ok) {
    return chainInfo.error.code === 'UNREACHABLE' ? health('starting', chainInfo.error.message) : health('down', chainInfo.error.message);
  }
  const c = chainInfo.value;
  const behind = Math.max(0, c.headers - c.blocks);
  const { rate, stillForMs } = progressOf(history, now);
  const noPeers = input.chain !== 'regtest' && peers.ok && peers.value.list.length === 0;
  if (c.initialBlockDownload || behind > 1) {
    if (stillForMs >= STALL_AFTER_MS) {
      const minutes = Math.round(stillForMs / 60_000);
      return health('stalled', `No new block for ${minutes} minutes while ${behind.toLocaleString('en')} blocks behind${noPeers ? ', and no peers' : ''}.`);
    }
    const eta = rate !== null && rate > 0 && behind > 0 ? Math.round(behind / rate) : null;
    const pct = (c.verificationProgress * 100).toFixed(c.verificationProgress > 0.99 ? 2 : 1);
    return health('syncing', `Catching up: block ${c.blocks.toLocaleString('en')} of ${c.headers.toLocaleString('en')} (${pct} %).`, eta);
  }
  if (noPeers) return health('stalled', 'No peers: the node cannot hear of new blocks. Check the gateway’s Tor connection.');
  return health('synced', `Synced at block ${c.blocks.toLocaleString('en')}.`);
}

export interface LightningHealthInput {
  chain: Chain;
  reachability: Reachability;
  wallet: WalletState;
  info: Section<LightningInfo>;
  /** the Bitcoin node's height, when known */
  nodeBlocks: number | null;
}

export function lightningHealth(input: LightningHealthInput): ServiceHealth {
  const { reachability, wallet, info, nodeBlocks } = input;
  if (!reachability.reachable) return health('down', reachability.error?.message ?? 'The Lightning node does not answer.');
  if (wallet.state === 'locked') return health('locked', 'The wallet is locked: unlock it to start the Lightning node.');
  if (wallet.state === 'none') return health('nowallet', 'There is no wallet yet: create or restore it here, and keep its 24 words.');
  if (wallet.state === 'starting') return health('starting', `Starting (${wallet.detail.toLowerCase().replace(/_/g, ' ')}).`);
  if (!info.ok) return health(info.error.code === 'UNREACHABLE' ? 'starting' : 'down', info.error.message);
  const i = info.value;
  if (nodeBlocks !== null && i.blockHeight > nodeBlocks + 1) {
    return health(
      'stalled',
      `At block ${i.blockHeight}, ahead of its node (${nodeBlocks}): the node's chain went back${input.chain === 'regtest' ? ' (btcd starts its regtest chain afresh each time it restarts)' : ''}. It waits until the node passes that height.`,
    );
  }
  if (!i.syncedToChain) {
    if (nodeBlocks !== null && i.blockHeight >= nodeBlocks && input.chain === 'regtest') {
      return health('syncing', `At the node’s height (${i.blockHeight}) but waiting for a recent block: mine one.`);
    }
    const of = nodeBlocks !== null ? ` of ${nodeBlocks.toLocaleString('en')}` : '';
    return health('syncing', `Catching up with the chain: block ${i.blockHeight.toLocaleString('en')}${of}.${i.warnings.length ? ` ${i.warnings.join(' ')}` : ''}`);
  }
  if (nodeBlocks !== null && i.blockHeight < nodeBlocks - 2) return health('syncing', `Block ${i.blockHeight} of the node’s ${nodeBlocks}.`);
  return health('synced', `Synced to the chain at block ${i.blockHeight.toLocaleString('en')}${i.syncedToGraph === false ? '; still learning the network graph' : ''}.`);
}
