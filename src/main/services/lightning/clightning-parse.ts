import { z } from 'zod';
import { BcmError } from '../../../shared/errors';
import type { Section } from '../../../shared/services/common';
import type { Balances, Channel, ChannelBackup, Channels, Invoice, LightningInfo, LightningPeer } from '../../../shared/services/lightning';
import { fromOutcome, type Outcome } from '../core/section';
import { summariseChannels } from './lnd-parse';

/**
 * Core Lightning's JSON-RPC answers (25.x) to the Lightning model. Tested against the example
 * answers of Core Lightning's own documentation (doc/schemas/*.json; see
 * test/fixtures/services/clightning/README.md): no Core Lightning binary could be had here.
 */
const LABEL = 'Core Lightning';

/** Amounts in msat: a number (23.x and later) or "123msat" (older). */
const msat = z.union([z.number(), z.string().regex(/^\d+(msat)?$/)]).transform((v) => (typeof v === 'number' ? v : Number(v.replace('msat', ''))));
const sat = (m: number): number => Math.floor(m / 1000);

export const clnInfoSchema = z.object({
  id: z.string(),
  alias: z.string(),
  color: z.string().optional(),
  num_peers: z.number(),
  version: z.string(),
  blockheight: z.number(),
  network: z.string(),
  address: z.array(z.object({ type: z.string(), address: z.string().optional(), port: z.number() })).optional().default([]),
  warning_bitcoind_sync: z.string().optional(),
  warning_lightningd_sync: z.string().optional(),
});

export function clnInfo(outcome: Outcome | undefined): Section<LightningInfo> {
  return fromOutcome(LABEL, 'getinfo', outcome, clnInfoSchema, (i) => {
    const warnings = [i.warning_bitcoind_sync, i.warning_lightningd_sync].filter((w): w is string => Boolean(w));
    return {
      alias: i.alias,
      pubkey: i.id,
      version: i.version,
      color: i.color ? `#${i.color}` : null,
      blockHeight: i.blockheight,
      blockHash: null,
      syncedToChain: warnings.length === 0,
      syncedToGraph: null,
      numPeers: i.num_peers,
      uris: i.address.filter((a) => a.address).map((a) => `${i.id}@${a.type === 'ipv6' ? `[${a.address}]` : a.address}:${a.port}`),
      warnings,
    };
  });
}

const fundsSchema = z.object({
  outputs: z.array(z.object({ amount_msat: msat, status: z.string(), reserved: z.boolean().optional().default(false) })).default([]),
  channels: z
    .array(
      z.object({
        peer_id: z.string(),
        connected: z.boolean().optional().default(false),
        state: z.string(),
        short_channel_id: z.string().optional(),
        channel_id: z.string().optional(),
        funding_txid: z.string().optional(),
        funding_output: z.number().optional(),
        our_amount_msat: msat,
        amount_msat: msat,
      }),
    )
    .default([]),
});
export { fundsSchema as clnFundsSchema };

/** Core Lightning's channel states to the model's. */
export function clnChannelState(state: string, connected: boolean): Channel['state'] {
  if (state === 'CHANNELD_NORMAL' || state === 'CHANNELD_AWAITING_SPLICE') return connected ? 'active' : 'inactive';
  if (/AWAITING_LOCKIN|OPENINGD|OPEN_INIT|OPEN_COMMIT/.test(state)) return 'pending-open';
  if (state === 'CHANNELD_SHUTTING_DOWN' || state === 'CLOSINGD_SIGEXCHANGE') return 'pending-close';
  return 'closing';
}

function clnChannelList(funds: z.infer<typeof fundsSchema>): Channel[] {
  return funds.channels
    .filter((c) => c.state !== 'ONCHAIN' && c.state !== 'CLOSINGD_COMPLETE')
    .map((c) => ({
      id: c.short_channel_id ?? c.channel_id ?? `${c.funding_txid ?? '?'}:${c.funding_output ?? 0}`,
      peer: c.peer_id,
      peerAlias: null,
      state: clnChannelState(c.state, c.connected),
      capacitySat: sat(c.amount_msat),
      localSat: sat(c.our_amount_msat),
      remoteSat: sat(c.amount_msat - c.our_amount_msat),
      private: false,
    }));
}

export function clnChannels(outcome: Outcome | undefined): Section<Channels> {
  return fromOutcome(LABEL, 'listfunds', outcome, fundsSchema, (f) => summariseChannels(clnChannelList(f)));
}

export function clnBalances(outcome: Outcome | undefined): Section<Balances> {
  return fromOutcome(LABEL, 'listfunds', outcome, fundsSchema, (f) => {
    const spendable = f.outputs.filter((o) => !o.reserved);
    const list = clnChannelList(f);
    const open = list.filter((c) => c.state === 'active' || c.state === 'inactive');
    return {
      onchainConfirmedSat: sat(spendable.filter((o) => o.status === 'confirmed').reduce((n, o) => n + o.amount_msat, 0)),
      onchainUnconfirmedSat: sat(spendable.filter((o) => o.status !== 'confirmed').reduce((n, o) => n + o.amount_msat, 0)),
      onchainLockedSat: sat(f.outputs.filter((o) => o.reserved).reduce((n, o) => n + o.amount_msat, 0)),
      channelLocalSat: open.reduce((n, c) => n + c.localSat, 0),
      channelRemoteSat: open.reduce((n, c) => n + c.remoteSat, 0),
      pendingOpenLocalSat: list.filter((c) => c.state === 'pending-open').reduce((n, c) => n + c.localSat, 0),
    };
  });
}

export const clnPeersSchema = z.object({
  peers: z.array(z.object({ id: z.string(), connected: z.boolean(), netaddr: z.array(z.string()).optional() })),
});

export function clnPeers(outcome: Outcome | undefined): Section<LightningPeer[]> {
  return fromOutcome(LABEL, 'listpeers', outcome, clnPeersSchema, (r) =>
    r.peers
      .filter((p) => p.connected)
      .map((p) => ({ pubkey: p.id, address: p.netaddr?.[0] ?? null, inbound: null, pingMs: null, bytesSent: null, bytesReceived: null })),
  );
}

export function clnBackup(outcome: Outcome | undefined): Section<ChannelBackup> {
  return fromOutcome(LABEL, 'staticbackup', outcome, z.object({ scb: z.array(z.string()) }), (r) => ({
    available: true,
    channels: r.scb.length,
    description:
      r.scb.length === 0 ? 'Ready (no channels yet): emergency.recover grows with each channel.' : `Ready: ${r.scb.length} channel${r.scb.length === 1 ? '' : 's'} in emergency.recover.`,
  }));
}

export const clnInvoiceSchema = z.object({ bolt11: z.string(), payment_hash: z.string(), expires_at: z.number() });

export function clnInvoice(result: unknown, amountSat: number, memo: string): Invoice {
  const parsed = clnInvoiceSchema.safeParse(result);
  if (!parsed.success) throw new BcmError('INTERNAL', 'Core Lightning answered the new invoice in an unexpected shape.');
  return { bolt11: parsed.data.bolt11, paymentHash: parsed.data.payment_hash, amountSat, memo, expiresAt: new Date(parsed.data.expires_at * 1000).toISOString() };
}
