// The channel-closed alert (issue 13), pure: lnd's channel lists → entries, two looks → events,
// events → alerts naming the channel, its peer and the kind of close.
import { describe, expect, it } from 'vitest';
import { channelAlerts, CHANNEL_ALERT_HOLD_MS, diffChannels, mergeChannelEvents, type ChannelEntry } from '../../../src/main/monitor/channels';
import { lndChannelStates } from '../../../src/main/services/lightning/lnd-channel-states';

const PEER = '02' + 'ab'.repeat(32);
const A = `${'aa'.repeat(32)}:0`;
const B = `${'bb'.repeat(32)}:1`;
const at = '2026-12-05T12:00:00.000Z';
const entry = (point: string, state: ChannelEntry['state'], closeKind: ChannelEntry['closeKind'] = null): ChannelEntry => ({ point, peer: PEER, peerAlias: 'carol', capacitySat: 1_000_000, state, closeKind });

describe("lnd's channel lists", () => {
  it('become one entry per channel, in its most advanced state, with the close type in plain words', () => {
    const list = lndChannelStates(
      { channels: [{ channel_point: A, remote_pubkey: PEER, capacity: '1000000', peer_alias: 'carol', active: true }] },
      {
        pending_open_channels: [],
        waiting_close_channels: [{ channel: { channel_point: A, remote_node_pub: PEER, capacity: '1000000' }, limbo_balance: '0' }],
        pending_force_closing_channels: [{ channel: { channel_point: B, remote_node_pub: PEER, capacity: '500000' }, blocks_til_maturity: 144 }],
      },
      { channels: [{ channel_point: `${'cc'.repeat(32)}:0`, remote_pubkey: PEER, capacity: '20000', close_type: 'REMOTE_FORCE_CLOSE' }] },
    );
    expect(list).toEqual([
      { point: A, peer: PEER, peerAlias: 'carol', capacitySat: 1_000_000, state: 'closing', closeKind: null },
      { point: B, peer: PEER, peerAlias: null, capacitySat: 500_000, state: 'force-closing', closeKind: null, blocksTilMaturity: 144 },
      { point: `${'cc'.repeat(32)}:0`, peer: PEER, peerAlias: null, capacitySat: 20_000, state: 'closed', closeKind: 'remote-force' },
    ]);
    expect(lndChannelStates({}, {}, {})).toEqual([]);
    // lnd puts its lookup error where the alias goes when the peer is not in its graph yet (seen on regtest)
    const unknown = lndChannelStates({ channels: [{ channel_point: A, remote_pubkey: PEER, peer_alias: 'unable to lookup peer alias: alias for node not found' }] }, {}, {});
    expect(unknown[0]?.peerAlias).toBeNull();
  });
});

describe('comparing two looks', () => {
  it('the first look is the baseline: closes before the monitor ran are not news', () => {
    expect(diffChannels('home', undefined, [entry(A, 'closed', 'cooperative')], at)).toEqual([]);
  });

  it('open → closing → closed (cooperative), and a close between two looks', () => {
    expect(diffChannels('home', [entry(A, 'open')], [entry(A, 'open')], at)).toEqual([]);
    expect(diffChannels('home', [entry(A, 'open')], [entry(A, 'closing')], at)).toMatchObject([{ point: A, kind: 'closing', peerAlias: 'carol' }]);
    expect(diffChannels('home', [entry(A, 'closing')], [entry(A, 'closed', 'cooperative')], at)).toMatchObject([{ kind: 'cooperative' }]);
    // opened and closed while the app was not running
    expect(diffChannels('home', [], [entry(B, 'closed', 'local-force')], at)).toMatchObject([{ point: B, kind: 'local-force' }]);
    expect(diffChannels('home', [entry(A, 'closed', 'cooperative')], [entry(A, 'closed', 'cooperative')], at)).toEqual([]);
    // a channel that only appears (a new pending open) is not a close
    expect(diffChannels('home', [], [entry(B, 'pending-open')], at)).toEqual([]);
  });

  it('a force close is seen as soon as it is pending', () => {
    expect(diffChannels('home', [entry(A, 'open')], [{ ...entry(A, 'force-closing'), blocksTilMaturity: 143 }], at)).toMatchObject([{ kind: 'force-closing', blocksTilMaturity: 143 }]);
  });
});

describe('events and alerts', () => {
  it('a later stage replaces the earlier one and keeps its first time; a day later it is gone', () => {
    const first = diffChannels('home', [entry(A, 'open')], [entry(A, 'force-closing')], at);
    const later = diffChannels('home', [entry(A, 'force-closing')], [entry(A, 'closed', 'local-force')], '2026-12-05T13:00:00.000Z');
    const kept = mergeChannelEvents(mergeChannelEvents([], first, new Date(at)), later, new Date('2026-12-05T13:00:00Z'));
    expect(kept).toEqual([expect.objectContaining({ kind: 'local-force', detectedAt: at })]);
    expect(mergeChannelEvents(kept, [], new Date(Date.parse(at) + CHANNEL_ALERT_HOLD_MS + 1))).toEqual([]);
  });

  it('name the channel, the peer and the kind of close', () => {
    const [coop] = channelAlerts(diffChannels('home', [entry(A, 'open')], [entry(A, 'closed', 'cooperative')], at));
    expect(coop).toEqual({
      id: `channel-closed:home:${A}`,
      kind: 'channel-closed',
      datacenter: 'home',
      subject: A,
      severity: 'warning',
      title: 'home: channel with carol closed (cooperative close)',
      message: expect.stringContaining(`Channel ${A}, 1,000,000 sat, peer ${PEER}.`),
    });
    const [force] = channelAlerts(diffChannels('home', [{ ...entry(B, 'open'), peerAlias: null }], [{ ...entry(B, 'closed', 'remote-force'), peerAlias: null }], at));
    expect(force).toMatchObject({ severity: 'critical', title: `home: channel with ${PEER.slice(0, 16)}… closed (force-closed by the peer)` });
  });
});
