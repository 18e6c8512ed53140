import { z } from 'zod';
import { BcmError } from '../../../shared/errors';
import type { Section } from '../../../shared/services/common';
import type { Balances, Channel, ChannelBackup, Channels, Invoice, LightningInfo, LightningPeer, WalletState } from '../../../shared/services/lightning';
import { combine, errorSection, parseWith } from '../core/section';

/**
 * lnd's REST answers (0.18) to the Lightning model. lnd writes 64-bit numbers as strings; both
 * forms are taken. Only the fields the model uses are required. Recorded answers of the real lnd
 * are in test/fixtures/services/lnd/.
 */
const LABEL = 'lnd';

const int = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number);
const optInt = int.optional().default(0);
const amount = z.object({ sat: optInt }).optional().default({ sat: 0 });

/** What lnd's REST returned for one path: its JSON, or the error it gave. */
export type RestOutcome = { ok: true; body: unknown } | { ok: false; error: BcmError };

function section<S extends z.ZodType, T>(what: string, outcome: RestOutcome, schema: S, map: (v: z.output<S>) => T): Section<T> {
  if (!outcome.ok) return errorSection(outcome.error);
  return parseWith(LABEL, what, schema, outcome.body, map);
}

export const lndStateSchema = z.object({ state: z.string().optional().default('NON_EXISTING') });

/** /v1/state to the model's wallet state. */
export function lndWallet(state: string): WalletState {
  switch (state) {
    case 'NON_EXISTING':
      return { state: 'none', detail: state };
    case 'LOCKED':
      return { state: 'locked', detail: state };
    case 'UNLOCKED':
    case 'WAITING_TO_START':
      return { state: 'starting', detail: state };
    case 'RPC_ACTIVE':
    case 'SERVER_ACTIVE':
      return { state: 'unlocked', detail: state };
    default:
      return { state: 'unknown', detail: state };
  }
}

export const lndInfoSchema = z.object({
  identity_pubkey: z.string(),
  alias: z.string(),
  color: z.string().optional(),
  version: z.string(),
  block_height: int,
  block_hash: z.string().optional(),
  synced_to_chain: z.boolean().optional().default(false),
  synced_to_graph: z.boolean().optional().default(false),
  num_peers: optInt,
  uris: z.array(z.string()).optional().default([]),
});

export function lndInfo(outcome: RestOutcome): Section<LightningInfo> {
  return section('getinfo', outcome, lndInfoSchema, (i) => ({
    alias: i.alias,
    pubkey: i.identity_pubkey,
    version: i.version.split(' ')[0] ?? i.version,
    color: i.color ?? null,
    blockHeight: i.block_height,
    blockHash: i.block_hash ?? null,
    syncedToChain: i.synced_to_chain,
    syncedToGraph: i.synced_to_graph,
    numPeers: i.num_peers,
    uris: i.uris,
    warnings: [],
  }));
}

export const lndChainBalanceSchema = z.object({
  confirmed_balance: optInt,
  unconfirmed_balance: optInt,
  locked_balance: optInt,
  reserved_balance_anchor_chan: optInt,
});
export const lndChannelBalanceSchema = z.object({ local_balance: amount, remote_balance: amount, pending_open_local_balance: amount });

export function lndBalances(chain: RestOutcome, channels: RestOutcome): Section<Balances> {
  const onchain = section('balance/blockchain', chain, lndChainBalanceSchema, (b) => b);
  const offchain = section('balance/channels', channels, lndChannelBalanceSchema, (b) => b);
  return combine(onchain, offchain, (c, o) => ({
    onchainConfirmedSat: c.confirmed_balance,
    onchainUnconfirmedSat: c.unconfirmed_balance,
    onchainLockedSat: c.locked_balance + c.reserved_balance_anchor_chan,
    channelLocalSat: o.local_balance.sat,
    channelRemoteSat: o.remote_balance.sat,
    pendingOpenLocalSat: o.pending_open_local_balance.sat,
  }));
}

const lndChannelSchema = z.object({
  active: z.boolean().optional().default(false),
  remote_pubkey: z.string(),
  channel_point: z.string(),
  chan_id: z.string().optional(),
  capacity: optInt,
  local_balance: optInt,
  remote_balance: optInt,
  private: z.boolean().optional().default(false),
  peer_alias: z.string().optional(),
});
const pendingChannelSchema = z.object({
  remote_node_pub: z.string(),
  channel_point: z.string(),
  capacity: optInt,
  local_balance: optInt,
  remote_balance: optInt,
  private: z.boolean().optional().default(false),
});
const pendingEntry = z.object({ channel: pendingChannelSchema });
export const lndChannelsSchema = z.object({ channels: z.array(lndChannelSchema).optional().default([]) });
export const lndPendingSchema = z.object({
  pending_open_channels: z.array(pendingEntry).optional().default([]),
  pending_closing_channels: z.array(pendingEntry).optional().default([]),
  pending_force_closing_channels: z.array(pendingEntry).optional().default([]),
  waiting_close_channels: z.array(pendingEntry).optional().default([]),
});

function pendingChannel(entry: z.infer<typeof pendingEntry>, state: Channel['state']): Channel {
  const c = entry.channel;
  return { id: c.channel_point, peer: c.remote_node_pub, peerAlias: null, state, capacitySat: c.capacity, localSat: c.local_balance, remoteSat: c.remote_balance, private: c.private };
}

export function summariseChannels(list: Channel[]): Channels {
  return {
    active: list.filter((c) => c.state === 'active').length,
    inactive: list.filter((c) => c.state === 'inactive').length,
    pending: list.filter((c) => c.state === 'pending-open' || c.state === 'pending-close' || c.state === 'closing').length,
    capacitySat: list.filter((c) => c.state === 'active' || c.state === 'inactive').reduce((n, c) => n + c.capacitySat, 0),
    list,
  };
}

export function lndChannels(open: RestOutcome, pending: RestOutcome): Section<Channels> {
  const opened = section('channels', open, lndChannelsSchema, (r) =>
    r.channels.map(
      (c): Channel => ({
        id: c.chan_id && c.chan_id !== '0' ? c.chan_id : c.channel_point,
        peer: c.remote_pubkey,
        peerAlias: c.peer_alias || null,
        state: c.active ? 'active' : 'inactive',
        capacitySat: c.capacity,
        localSat: c.local_balance,
        remoteSat: c.remote_balance,
        private: c.private,
      }),
    ),
  );
  const waiting = section('channels/pending', pending, lndPendingSchema, (p) => [
    ...p.pending_open_channels.map((e) => pendingChannel(e, 'pending-open')),
    ...p.pending_closing_channels.map((e) => pendingChannel(e, 'closing')),
    ...p.pending_force_closing_channels.map((e) => pendingChannel(e, 'closing')),
    ...p.waiting_close_channels.map((e) => pendingChannel(e, 'pending-close')),
  ]);
  return combine(opened, waiting, (a, b) => summariseChannels([...a, ...b]));
}

export const lndPeersSchema = z.object({
  peers: z
    .array(
      z.object({
        pub_key: z.string(),
        address: z.string().optional(),
        inbound: z.boolean().optional(),
        /** microseconds */
        ping_time: int.optional(),
        bytes_sent: int.optional(),
        bytes_recv: int.optional(),
      }),
    )
    .optional()
    .default([]),
});

export function lndPeers(outcome: RestOutcome): Section<LightningPeer[]> {
  return section('peers', outcome, lndPeersSchema, (r) =>
    r.peers.map((p) => ({
      pubkey: p.pub_key,
      address: p.address ?? null,
      inbound: p.inbound ?? null,
      pingMs: p.ping_time !== undefined ? Math.round(p.ping_time / 100) / 10 : null,
      bytesSent: p.bytes_sent ?? null,
      bytesReceived: p.bytes_recv ?? null,
    })),
  );
}

export const lndBackupSchema = z.object({
  multi_chan_backup: z.object({ chan_points: z.array(z.unknown()).optional().default([]), multi_chan_backup: z.string().optional().default('') }).optional(),
});

export function lndBackup(outcome: RestOutcome): Section<ChannelBackup> {
  return section('channels/backup', outcome, lndBackupSchema, (b) => {
    const channels = b.multi_chan_backup?.chan_points.length ?? 0;
    const available = Boolean(b.multi_chan_backup?.multi_chan_backup);
    return {
      available,
      channels,
      description: !available ? 'lnd has no channel backup to give yet.' : channels === 0 ? 'Ready (no channels yet; it grows with each channel).' : `Ready: ${channels} channel${channels === 1 ? '' : 's'} covered.`,
    };
  });
}

export const lndInvoiceSchema = z.object({ r_hash: z.string(), payment_request: z.string() });

export function lndInvoice(body: unknown, amountSat: number, memo: string, expirySeconds: number, now: number): Invoice {
  const parsed = lndInvoiceSchema.safeParse(body);
  if (!parsed.success) throw new BcmError('INTERNAL', 'lnd answered the new invoice in an unexpected shape.');
  return {
    bolt11: parsed.data.payment_request,
    paymentHash: Buffer.from(parsed.data.r_hash, 'base64').toString('hex'),
    amountSat,
    memo,
    expiresAt: new Date(now + expirySeconds * 1000).toISOString(),
  };
}

/** lndconnect://host:port?cert=…&macaroon=… (cert: base64url of the DER; macaroon: base64url). */
export function lndconnectUri(host: string, port: number, certPem: string, macaroon: Buffer): string {
  const der = Buffer.from(certPem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''), 'base64');
  return `lndconnect://${host}:${port}?cert=${der.toString('base64url')}&macaroon=${macaroon.toString('base64url')}`;
}
