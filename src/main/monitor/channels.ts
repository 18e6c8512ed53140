import { z } from 'zod';
import type { AlertDraft } from './rules';

/**
 * The channel-closed alert (issue 13), pure: lnd's channels in every state are compared between
 * two checks; a channel that left the open or pending lists for a closing, force-closing or closed
 * one is an event, raised as an alert naming the channel, its peer and the kind of close, and kept
 * active for a day (a close is an event, not a condition that clears by itself).
 */
export const channelEntrySchema = z.object({
  point: z.string(),
  peer: z.string(),
  peerAlias: z.string().nullable(),
  capacitySat: z.number(),
  state: z.enum(['pending-open', 'open', 'closing', 'force-closing', 'closed']),
  closeKind: z.enum(['cooperative', 'local-force', 'remote-force', 'breach', 'funding-canceled', 'abandoned', 'unknown']).nullable(),
  blocksTilMaturity: z.number().optional(),
});
export type ChannelEntry = z.infer<typeof channelEntrySchema>;

export const channelEventSchema = z.object({
  datacenter: z.string(),
  point: z.string(),
  peer: z.string(),
  peerAlias: z.string().nullable(),
  capacitySat: z.number(),
  kind: z.enum(['closing', 'force-closing', 'cooperative', 'local-force', 'remote-force', 'breach', 'funding-canceled', 'abandoned', 'unknown']),
  blocksTilMaturity: z.number().optional(),
  /** when the monitor first saw this channel go */
  detectedAt: z.string(),
});
export type ChannelEvent = z.infer<typeof channelEventSchema>;

/** how long a close stays an active alert */
export const CHANNEL_ALERT_HOLD_MS = 24 * 60 * 60 * 1000;

/**
 * What changed between two looks at one node's channels. The first look (no `before`) is the
 * baseline: channels closed before the monitor ran are history, not news.
 */
export function diffChannels(datacenter: string, before: readonly ChannelEntry[] | undefined, now: readonly ChannelEntry[], at: string): ChannelEvent[] {
  if (!before) return [];
  const was = new Map(before.map((c) => [c.point, c]));
  const events: ChannelEvent[] = [];
  for (const c of now) {
    const b = was.get(c.point);
    if (b?.state === c.state) continue;
    let kind: ChannelEvent['kind'] | undefined;
    if (c.state === 'closed') kind = c.closeKind ?? 'unknown';
    else if (c.state === 'force-closing') kind = 'force-closing';
    else if (c.state === 'closing' && b !== undefined) kind = 'closing';
    if (kind === undefined) continue;
    events.push({
      datacenter,
      point: c.point,
      peer: c.peer,
      peerAlias: c.peerAlias ?? b?.peerAlias ?? null,
      capacitySat: c.capacitySat,
      kind,
      ...(c.blocksTilMaturity !== undefined ? { blocksTilMaturity: c.blocksTilMaturity } : {}),
      detectedAt: at,
    });
  }
  return events;
}

/** New events into the kept ones: a channel's later stage replaces its earlier one (first detection kept); old ones go. */
export function mergeChannelEvents(kept: readonly ChannelEvent[], fresh: readonly ChannelEvent[], now: Date): ChannelEvent[] {
  const key = (e: ChannelEvent): string => `${e.datacenter}\u0000${e.point}`;
  const byKey = new Map(kept.map((e) => [key(e), e]));
  for (const e of fresh) {
    const had = byKey.get(key(e));
    byKey.set(key(e), had ? { ...e, detectedAt: had.detectedAt } : e);
  }
  return [...byKey.values()].filter((e) => now.getTime() - Date.parse(e.detectedAt) <= CHANNEL_ALERT_HOLD_MS);
}

const sats = (n: number): string => `${n.toLocaleString('en-US')} sat`;

function words(e: ChannelEvent, who: string): { title: string; message: string; critical: boolean } {
  const maturity = e.blocksTilMaturity !== undefined && e.blocksTilMaturity > 0 ? ` (${e.blocksTilMaturity} blocks left)` : '';
  switch (e.kind) {
    case 'closing':
      return { title: `channel with ${who} is closing`, message: 'Its closing transaction waits for a confirmation; its balance then returns to lnd’s on-chain wallet.', critical: false };
    case 'force-closing':
      return { title: `channel with ${who} was force-closed`, message: `A commitment transaction confirmed; lnd sweeps this node’s balance when its timelock ends${maturity}. Keep lnd running until then; if you did not close it, check the peer and lnd’s log.`, critical: true };
    case 'cooperative':
      return { title: `channel with ${who} closed (cooperative close)`, message: 'It was closed by agreement; its balance is back in lnd’s on-chain wallet.', critical: false };
    case 'local-force':
      return { title: `channel with ${who} closed (force-closed by this node)`, message: 'lnd broadcast its commitment transaction (by request, or because the peer misbehaved or an HTLC timed out); the balance came back after the timelock. Check lnd’s log if you did not ask for it.', critical: true };
    case 'remote-force':
      return { title: `channel with ${who} closed (force-closed by the peer)`, message: 'The peer broadcast its commitment transaction; this node’s balance came back on-chain. Check why the peer left.', critical: true };
    case 'breach':
      return { title: `channel with ${who} closed: the peer broadcast an old state`, message: 'lnd answered with a justice transaction claiming the channel’s funds. Check lnd’s log and the on-chain balance.', critical: true };
    case 'funding-canceled':
      return { title: `channel with ${who} never opened (funding canceled)`, message: 'Its funding transaction did not confirm; nothing was lost.', critical: false };
    case 'abandoned':
      return { title: `channel with ${who} was abandoned`, message: 'It was removed from lnd’s database (abandonchannel).', critical: false };
    case 'unknown':
      return { title: `channel with ${who} closed`, message: 'lnd lists it as closed.', critical: false };
  }
}

/** The alerts of the kept events. */
export function channelAlerts(events: readonly ChannelEvent[]): AlertDraft[] {
  return events.map((e) => {
    const who = e.peerAlias ?? `${e.peer.slice(0, 16)}…`;
    const w = words(e, who);
    return {
      id: `channel-closed:${e.datacenter}:${e.point}`,
      kind: 'channel-closed',
      datacenter: e.datacenter,
      subject: e.point,
      severity: w.critical ? 'critical' : 'warning',
      title: `${e.datacenter}: ${w.title}`,
      message: `${w.message} Channel ${e.point}, ${sats(e.capacitySat)}, peer ${e.peer}.`,
    };
  });
}
