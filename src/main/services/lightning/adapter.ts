import type { LightningComponent, Section } from '../../../shared/services/common';
import type {
  Balances,
  ChannelBackup,
  Channels,
  ConnectInfo,
  Invoice,
  LightningInfo,
  LightningPeer,
  WalletState,
} from '../../../shared/services/lightning';

/** One read of a Lightning node, each part on its own. */
export interface LightningReadings {
  wallet: WalletState;
  info: Section<LightningInfo>;
  balances: Section<Balances>;
  channels: Section<Channels>;
  peers: Section<LightningPeer[]>;
  backup: Section<ChannelBackup>;
}

/** how a channel closed, in lnd's words made plain */
export type CloseKind = 'cooperative' | 'local-force' | 'remote-force' | 'breach' | 'funding-canceled' | 'abandoned' | 'unknown';

/** One channel in any state (the monitor compares these between checks). */
export interface ChannelStateEntry {
  /** funding outpoint txid:index: the channel's identity in every list */
  point: string;
  peer: string;
  peerAlias: string | null;
  capacitySat: number;
  state: 'pending-open' | 'open' | 'closing' | 'force-closing' | 'closed';
  /** set once closed */
  closeKind: CloseKind | null;
  /** force-closing: blocks until the funds can be swept */
  blocksTilMaturity?: number;
}

export interface InvoiceRequest {
  amountSat: number;
  memo: string;
  expirySeconds: number;
}

export interface InitWalletRequest {
  password: string;
  words: string[];
  seedPassphrase: string;
  /** 0 for a new wallet */
  recoveryWindow: number;
  /** a multi-channel static backup (lnd's channel.backup) for a restore */
  channelBackup?: Buffer;
}

/** The Lightning role: one adapter per implementation (lnd, Core Lightning), the same model out. */
export interface LightningAdapter {
  readonly component: LightningComponent;
  /** reads everything; throws only when the node cannot be reached at all */
  read(signal?: AbortSignal): Promise<LightningReadings>;
  /** a fresh on-chain address of its wallet (block rewards on regtest go there) */
  newAddress(signal?: AbortSignal): Promise<string>;
  invoice(request: InvoiceRequest, signal?: AbortSignal): Promise<Invoice>;
  /** lnd only */
  unlock?(password: string, signal?: AbortSignal): Promise<void>;
  /** lnd only: a new 24-word seed (returned, never kept) */
  genSeed?(seedPassphrase: string, signal?: AbortSignal): Promise<string[]>;
  /** lnd only: the wallet from a seed; a restore looks ahead `recoveryWindow` addresses */
  initWallet?(request: InitWalletRequest, signal?: AbortSignal): Promise<void>;
  /** lnd only: the lndconnect URI */
  connectInfo?(): Promise<ConnectInfo>;
  /** lnd only: every channel, open, pending and closed */
  channelStates?(signal?: AbortSignal): Promise<ChannelStateEntry[]>;
  /**
   * lnd only: SubscribeChannelBackups. `onOpen` once subscribed, `onChange` for each new static
   * channel backup lnd sends (a channel opened, closed or is pending); resolves when lnd ends it.
   */
  subscribeChannelBackups?(onOpen: () => void, onChange: () => void, signal: AbortSignal): Promise<void>;
  close(): void;
}
