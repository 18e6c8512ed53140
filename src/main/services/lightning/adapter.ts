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
  close(): void;
}
