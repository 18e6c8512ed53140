import { z } from 'zod';
import type { ChannelStateEntry, CloseKind } from './adapter';

/**
 * lnd's channels in every state, for the monitor's channel-closed alert (issue 13): open
 * (/v1/channels), pending (/v1/channels/pending: opening, waiting for the closing transaction,
 * force-closing until the funds mature) and closed (/v1/channels/closed, with lnd's close type).
 */
const int = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number);

const openSchema = z.object({
  channels: z
    .array(z.object({ channel_point: z.string(), remote_pubkey: z.string(), capacity: int.optional().default(0), peer_alias: z.string().optional() }))
    .optional()
    .default([]),
});
const pendingChannel = z.object({ channel_point: z.string(), remote_node_pub: z.string(), capacity: int.optional().default(0) });
const pendingEntry = z.object({ channel: pendingChannel, maturity_height: int.optional(), blocks_til_maturity: int.optional() });
const pendingSchema = z.object({
  pending_open_channels: z.array(pendingEntry).optional().default([]),
  pending_closing_channels: z.array(pendingEntry).optional().default([]),
  pending_force_closing_channels: z.array(pendingEntry).optional().default([]),
  waiting_close_channels: z.array(pendingEntry).optional().default([]),
});
const closedSchema = z.object({
  channels: z
    .array(
      z.object({
        channel_point: z.string(),
        remote_pubkey: z.string(),
        capacity: int.optional().default(0),
        close_type: z.string().optional().default('COOPERATIVE_CLOSE'),
        close_height: int.optional(),
      }),
    )
    .optional()
    .default([]),
});

/** lnd writes its lookup error in peer_alias when the peer's node announcement is not in its graph */
export function peerAlias(alias: string | undefined): string | null {
  return alias && !/^unable to lookup peer alias/i.test(alias) ? alias : null;
}

const CLOSE_TYPES: Record<string, CloseKind> = {
  COOPERATIVE_CLOSE: 'cooperative',
  LOCAL_FORCE_CLOSE: 'local-force',
  REMOTE_FORCE_CLOSE: 'remote-force',
  BREACH_CLOSE: 'breach',
  FUNDING_CANCELED: 'funding-canceled',
  ABANDONED: 'abandoned',
};

/** The three answers to one list (a channel in several lists keeps its most advanced state). */
export function lndChannelStates(open: unknown, pending: unknown, closed: unknown): ChannelStateEntry[] {
  const o = openSchema.parse(open);
  const p = pendingSchema.parse(pending);
  const c = closedSchema.parse(closed);
  const byPoint = new Map<string, ChannelStateEntry>();
  const put = (e: ChannelStateEntry): void => void byPoint.set(e.point, { ...byPoint.get(e.point), ...e });
  for (const ch of o.channels) put({ point: ch.channel_point, peer: ch.remote_pubkey, peerAlias: peerAlias(ch.peer_alias), capacitySat: ch.capacity, state: 'open', closeKind: null });
  const fromPending = (e: z.infer<typeof pendingEntry>, state: ChannelStateEntry['state']): ChannelStateEntry => ({
    point: e.channel.channel_point,
    peer: e.channel.remote_node_pub,
    peerAlias: byPoint.get(e.channel.channel_point)?.peerAlias ?? null,
    capacitySat: e.channel.capacity,
    state,
    closeKind: null,
    ...(e.blocks_til_maturity !== undefined ? { blocksTilMaturity: e.blocks_til_maturity } : {}),
  });
  for (const e of p.pending_open_channels) put(fromPending(e, 'pending-open'));
  for (const e of [...p.waiting_close_channels, ...p.pending_closing_channels]) put(fromPending(e, 'closing'));
  for (const e of p.pending_force_closing_channels) put(fromPending(e, 'force-closing'));
  for (const ch of c.channels) {
    put({ point: ch.channel_point, peer: ch.remote_pubkey, peerAlias: byPoint.get(ch.channel_point)?.peerAlias ?? null, capacitySat: ch.capacity, state: 'closed', closeKind: CLOSE_TYPES[ch.close_type] ?? 'unknown' });
  }
  return [...byPoint.values()];
}
