import type { Section } from '../../../shared/services/common';
import type { ChainInfo, Disk, Mempool, NetworkInfo, NodePeers, RecentBlock } from '../../../shared/services/node';
import type { NodeComponent } from '../../../shared/services/common';

/** What one read of a node gives: each part on its own (a failing call spoils only its tile). */
export interface NodeReadings {
  chainInfo: Section<ChainInfo>;
  peers: Section<NodePeers>;
  mempool: Section<Mempool>;
  network: Section<NetworkInfo>;
  disk: Section<Disk>;
  recentBlocks: Section<RecentBlock[]>;
}

export interface BlockNotice {
  height: number;
  hash: string | null;
}

export type OnBlock = (notice: BlockNotice) => void;
export type OnWatchState = (state: 'watching' | 'retrying', message?: string) => void;

/** The node role: one adapter per implementation (btcd, Bitcoin Core), the same model out. */
export interface NodeAdapter {
  readonly component: NodeComponent;
  /** reads everything; throws only when the node cannot be reached at all */
  read(signal?: AbortSignal): Promise<NodeReadings>;
  /** regtest: mines `blocks` blocks paying `address` (where the daemon lets BCM choose); the new tip and who was paid */
  mine(blocks: number, address: string, signal?: AbortSignal): Promise<{ tip: number; address: string }>;
  /** the current tip height (cheap) */
  tip(signal?: AbortSignal): Promise<number>;
  /**
   * Calls `onBlock` as blocks connect, until the returned stop function is called. Returns
   * null when the implementation has no cheap way to be told.
   */
  watchBlocks?(onBlock: OnBlock, onState: OnWatchState): () => void;
  close(): void;
}

/** How many recent blocks a dashboard shows. */
export const RECENT_BLOCKS = 12;
