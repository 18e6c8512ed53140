import { describe, expect, it } from 'vitest';
import { BcmError } from '../../../src/shared/errors';
import { clnBackup, clnBalances, clnChannelState, clnChannels, clnInfo, clnInvoice, clnPeers } from '../../../src/main/services/lightning/clightning-parse';
import { lndBackup, lndBalances, lndChannels, lndInfo, lndInvoice, lndPeers, lndWallet, lndconnectUri, type RestOutcome } from '../../../src/main/services/lightning/lnd-parse';
import { fixture, okFixture } from './fixtures';

const lnd = (name: string): RestOutcome => ({ ok: true, body: fixture('lnd', name) });

describe('lnd answers (recorded from the real lnd 0.18.5 on regtest)', () => {
  it('reads the node, synced to the chain at the node’s height', () => {
    const info = lndInfo(lnd('getinfo'));
    expect(info).toMatchObject({ ok: true, value: { alias: 'bcm-bcmt-sv0', version: '0.18.5-beta', blockHeight: 5, syncedToChain: true, numPeers: 0, uris: [] } });
    if (info.ok) expect(info.value.pubkey).toMatch(/^0[23][0-9a-f]{64}$/);
  });

  it('reads balances (64-bit numbers come as strings), channels, peers and the channel backup', () => {
    expect(lndBalances(lnd('balance-blockchain'), lnd('balance-channels'))).toEqual({
      ok: true,
      value: { onchainConfirmedSat: 0, onchainUnconfirmedSat: 0, onchainLockedSat: 0, channelLocalSat: 0, channelRemoteSat: 0, pendingOpenLocalSat: 0 },
    });
    expect(lndChannels(lnd('channels'), lnd('channels-pending'))).toEqual({ ok: true, value: { active: 0, inactive: 0, pending: 0, capacitySat: 0, list: [] } });
    expect(lndPeers(lnd('peers'))).toEqual({ ok: true, value: [] });
    expect(lndBackup(lnd('channels-backup'))).toMatchObject({ ok: true, value: { available: true, channels: 0 } });
  });

  it('reads channels of every state (a constructed answer in lnd’s documented shape)', () => {
    const open: RestOutcome = {
      ok: true,
      body: {
        channels: [
          { active: true, remote_pubkey: '02aa', channel_point: 'tx:0', chan_id: '123', capacity: '1000000', local_balance: '600000', remote_balance: '396530', private: false, peer_alias: 'alice' },
          { active: false, remote_pubkey: '02bb', channel_point: 'tx:1', chan_id: '124', capacity: '500000', local_balance: '0', remote_balance: '496530' },
        ],
      },
    };
    const pending: RestOutcome = {
      ok: true,
      body: {
        pending_open_channels: [{ channel: { remote_node_pub: '02cc', channel_point: 'tx:2', capacity: '200000', local_balance: '196530', remote_balance: '0' } }],
        waiting_close_channels: [{ channel: { remote_node_pub: '02dd', channel_point: 'tx:3', capacity: '100000', local_balance: '50000', remote_balance: '46530' } }],
      },
    };
    const c = lndChannels(open, pending);
    expect(c).toMatchObject({ ok: true, value: { active: 1, inactive: 1, pending: 2, capacitySat: 1_500_000 } });
    if (c.ok) expect(c.value.list.map((x) => [x.id, x.state, x.peerAlias])).toEqual([['123', 'active', 'alice'], ['124', 'inactive', null], ['tx:2', 'pending-open', null], ['tx:3', 'pending-close', null]]);
  });

  it('maps the wallet states, a locked wallet included', () => {
    expect(['NON_EXISTING', 'LOCKED', 'UNLOCKED', 'RPC_ACTIVE', 'SERVER_ACTIVE', 'WAITING_TO_START', 'NEW_ONE'].map((s) => lndWallet(s).state)).toEqual(['none', 'locked', 'starting', 'unlocked', 'unlocked', 'starting', 'unknown']);
    expect(lndWallet((fixture('lnd', 'state') as { state: string }).state).state).toBe('unlocked');
  });

  it('turns a new invoice into text, hash (hex) and expiry', () => {
    const inv = lndInvoice(fixture('lnd', 'invoice'), 1234, 'fixture', 600, Date.parse('2026-11-22T00:00:00Z'));
    expect(inv.bolt11).toMatch(/^lnbcrt12340n1/);
    expect(inv.paymentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(inv.expiresAt).toBe('2026-11-22T00:10:00.000Z');
    expect(() => lndInvoice({ nope: 1 }, 1, '', 60, 0)).toThrow(/unexpected shape/);
  });

  it('makes an lndconnect URI: host, port, DER certificate and macaroon in base64url', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nAAEC/w==\n-----END CERTIFICATE-----\n';
    expect(lndconnectUri('10.1.2.3', 8080, pem, Buffer.from([0xfb, 0xff]))).toBe('lndconnect://10.1.2.3:8080?cert=AAEC_w&macaroon=-_8');
  });

  it('keeps an error in its section', () => {
    const err: RestOutcome = { ok: false, error: new BcmError('PRECONDITION_FAILED', "lnd's wallet is locked.") };
    expect(lndInfo(err)).toEqual({ ok: false, error: { code: 'PRECONDITION_FAILED', message: "lnd's wallet is locked." } });
    expect(lndBalances(lnd('balance-blockchain'), err).ok).toBe(false);
    expect(lndInfo({ ok: true, body: { alias: 'x' } }).ok).toBe(false);
  });
});

describe('Core Lightning answers (the examples of its own documentation)', () => {
  it('reads getinfo', () => {
    expect(clnInfo(okFixture('clightning', 'getinfo'))).toEqual({
      ok: true,
      value: {
        alias: 'SILENTARTIST',
        pubkey: 'nodeid020202020202020202020202020202020202020202020202020202020202',
        version: 'v25.05',
        color: '#022d22',
        blockHeight: 110,
        blockHash: null,
        syncedToChain: true,
        syncedToGraph: null,
        numPeers: 0,
        uris: [],
        warnings: [],
      },
    });
    const lagging = clnInfo({ ok: true, result: { ...(fixture('clightning', 'getinfo') as object), warning_lightningd_sync: 'Still loading latest blocks from bitcoind.' } });
    expect(lagging).toMatchObject({ ok: true, value: { syncedToChain: false, warnings: ['Still loading latest blocks from bitcoind.'] } });
  });

  it('reads funds into balances and channels (closed channels left out)', () => {
    expect(clnBalances(okFixture('clightning', 'listfunds'))).toEqual({
      ok: true,
      value: { onchainConfirmedSat: 204_927_076, onchainUnconfirmedSat: 497_105, onchainLockedSat: 0, channelLocalSat: 1_509_503, channelRemoteSat: 490_496, pendingOpenLocalSat: 0 },
    });
    const c = clnChannels(okFixture('clightning', 'listfunds'));
    expect(c).toMatchObject({ ok: true, value: { active: 2, inactive: 0, pending: 0, capacitySat: 2_000_000 } });
    if (c.ok) expect(c.value.list.map((x) => x.id)).toEqual(['124x1x1', '110x1x0']);
    expect(['CHANNELD_AWAITING_LOCKIN', 'CHANNELD_SHUTTING_DOWN', 'ONCHAIN'].map((s) => clnChannelState(s, true))).toEqual(['pending-open', 'pending-close', 'closing']);
  });

  it('reads connected peers, the static backup and a new invoice', () => {
    expect(clnPeers(okFixture('clightning', 'listpeers'))).toMatchObject({ ok: true, value: [{ address: '127.0.0.1:30005' }, { address: '127.0.0.1:54321' }] });
    expect(clnBackup(okFixture('clightning', 'staticbackup'))).toMatchObject({ ok: true, value: { available: true, channels: 2 } });
    expect(clnInvoice(fixture('clightning', 'invoice'), 10, 'Invoice description l31')).toMatchObject({ paymentHash: '9562ee18e942b0eb2e36050c108efcb34cb07e5cdbe28d08d26bb71af1556c2f', expiresAt: '2025-02-03T17:46:40.000Z' });
  });

  it('takes the older "123msat" strings too', () => {
    const old = { outputs: [{ amount_msat: '5000000msat', status: 'confirmed' }], channels: [] };
    expect(clnBalances({ ok: true, result: old })).toMatchObject({ ok: true, value: { onchainConfirmedSat: 5000 } });
  });
});
