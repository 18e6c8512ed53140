import { describe, expect, it } from 'vitest';
import { BcmError } from '../../../src/shared/errors';
import { coreChainInfo, coreDisk, coreMempool, coreNetwork, corePeers } from '../../../src/main/services/node/bitcoind-parse';
import { btcdChainInfo, btcdDisk, btcdMempool, btcdNetwork, btcdPeers, parseHostFacts } from '../../../src/main/services/node/btcd-parse';
import { BlockCache, blockSchema, chainOf, networkOfAddress, recentHeights, toRecentBlock, versionOf } from '../../../src/main/services/node/normalise';
import { fixture, ok, okFixture } from './fixtures';

const NOW_S = 1_795_308_100;

describe('btcd answers (recorded from the real btcd 0.24.2 on regtest)', () => {
  it('reads the chain, with progress and initial download worked out (btcd reports neither)', () => {
    const c = btcdChainInfo(okFixture('btcd', 'getblockchaininfo'), NOW_S);
    expect(c).toMatchObject({ ok: true, value: { chain: 'regtest', blocks: 5, headers: 5, verificationProgress: 1, initialBlockDownload: false, pruned: false, warnings: [] } });
  });

  it('says a node is catching up when headers run ahead or its tip is a day old (off regtest)', () => {
    const behind = btcdChainInfo(ok({ chain: 'testnet', blocks: 50, headers: 200, bestblockhash: 'ab', difficulty: 1, mediantime: NOW_S }), NOW_S);
    expect(behind).toMatchObject({ ok: true, value: { chain: 'testnet', verificationProgress: 0.25, initialBlockDownload: true } });
    const old = btcdChainInfo(ok({ chain: 'mainnet', blocks: 9, headers: 9, bestblockhash: 'ab', difficulty: 1, mediantime: NOW_S - 3 * 86_400 }), NOW_S);
    expect(old).toMatchObject({ ok: true, value: { initialBlockDownload: true } });
  });

  it('reads the mempool with the relay fee as its floor, the node and its uptime from the service start', () => {
    expect(btcdMempool(okFixture('btcd', 'getmempoolinfo'), okFixture('btcd', 'getinfo'))).toEqual({
      ok: true,
      value: { count: 0, bytes: 0, usageBytes: null, maxBytes: null, minFeeSatVb: 1 },
    });
    const n = btcdNetwork(okFixture('btcd', 'getinfo'), okFixture('btcd', 'getnetworkhashps'), { dataBytes: 20_000, startedAt: NOW_S - 90 }, NOW_S);
    expect(n).toMatchObject({ ok: true, value: { version: '0.24.2', protocolVersion: 70002, uptimeSeconds: 90, relayFeeSatVb: 1, warnings: [] } });
    expect(btcdDisk({ ok: true, value: { dataBytes: 20_000, startedAt: null } })).toEqual({ ok: true, value: { dataBytes: 20_000, pruned: false, pruneTargetBytes: null } });
  });

  it('reads peers (none on regtest) and classifies addresses btcd gives without a network', () => {
    expect(btcdPeers(okFixture('btcd', 'getpeerinfo'))).toEqual({ ok: true, value: { inbound: 0, outbound: 0, onion: 0, clearnet: 0, list: [] } });
    const peers = btcdPeers(
      ok([
        { id: 1, addr: 'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcd.onion:8333', inbound: false, subver: '/btcd:0.24.2/', pingtime: 152_000, bytessent: 10, bytesrecv: 20, conntime: 1_700_000_000, currentheight: 800_000 },
        { id: 2, addr: '[2001:db8::1]:8333', inbound: true },
        { id: 3, addr: '203.0.113.9:8333', inbound: false, unknownField: { nested: true } },
      ]),
    );
    expect(peers).toMatchObject({ ok: true, value: { inbound: 1, outbound: 2, onion: 1, clearnet: 2 } });
    if (peers.ok) expect(peers.value.list[0]).toMatchObject({ network: 'onion', pingMs: 152, syncedBlocks: 800_000, userAgent: '/btcd:0.24.2/' });
  });

  it('parses the folder size and the service start the adapter reads with one exec', () => {
    expect(parseHostFacts('17207\n@1795308059\n')).toEqual({ dataBytes: 17_207, startedAt: 1_795_308_059 });
    expect(parseHostFacts('\n\n')).toEqual({ dataBytes: null, startedAt: null });
  });

  it('reads a recorded block', () => {
    const b = blockSchema.parse(fixture('btcd', 'getblock'));
    expect(toRecentBlock(b)).toMatchObject({ height: 5, txCount: 1, sizeBytes: 197 });
  });
});

describe('Bitcoin Core answers (shaped after its 29.0 RPC documentation)', () => {
  it('reads a synced mainnet node', () => {
    expect(coreChainInfo(okFixture('bitcoind', 'getblockchaininfo'))).toMatchObject({
      ok: true,
      value: { chain: 'mainnet', blocks: 871_249, headers: 871_250, initialBlockDownload: false, pruned: false, pruneHeight: null, warnings: [] },
    });
    expect(coreDisk(okFixture('bitcoind', 'getblockchaininfo'))).toEqual({ ok: true, value: { dataBytes: 693_214_858_240, pruned: false, pruneTargetBytes: null } });
  });

  it('reads a pruned node in initial download, with the older string warnings', () => {
    const c = coreChainInfo(okFixture('bitcoind', 'getblockchaininfo-ibd-pruned'));
    expect(c).toMatchObject({ ok: true, value: { chain: 'testnet', initialBlockDownload: true, pruned: true, pruneHeight: 1_150_000, verificationProgress: 0.41234 } });
    if (c.ok) expect(c.value.warnings).toEqual(['This is a pre-release test build - use at your own risk']);
    expect(coreDisk(okFixture('bitcoind', 'getblockchaininfo-ibd-pruned'))).toMatchObject({ ok: true, value: { pruned: true, pruneTargetBytes: 10_485_760_000 } });
  });

  it('reads network, mempool (min fee in sat/vB) and peers (onion and clearnet, in and out)', () => {
    expect(coreNetwork(okFixture('bitcoind', 'getnetworkinfo'), okFixture('bitcoind', 'uptime'), okFixture('bitcoind', 'getnetworkhashps'))).toEqual({
      ok: true,
      value: { version: '29.0.0', userAgent: '/Satoshi:29.0.0/', protocolVersion: 70016, uptimeSeconds: 93_512, hashRate: 7.12345e20, relayFeeSatVb: 1, warnings: [] },
    });
    expect(coreMempool(okFixture('bitcoind', 'getmempoolinfo'))).toEqual({
      ok: true,
      value: { count: 41_337, bytes: 21_563_489, usageBytes: 118_346_976, maxBytes: 300_000_000, minFeeSatVb: 1 },
    });
    const peers = corePeers(okFixture('bitcoind', 'getpeerinfo'));
    expect(peers).toMatchObject({ ok: true, value: { inbound: 1, outbound: 1, onion: 1, clearnet: 1 } });
    if (peers.ok) {
      expect(peers.value.list[0]).toMatchObject({ network: 'onion', pingMs: 231.5, syncedBlocks: 871_249, userAgent: '/Satoshi:28.1.0/' });
      expect(peers.value.list[1]).toMatchObject({ network: 'ipv4', inbound: true, syncedBlocks: null });
    }
    expect(toRecentBlock(blockSchema.parse(fixture('bitcoind', 'getblock')))).toEqual({ height: 871_249, hash: '00000000000000000001b0e2a5f3c5f0a2d8a7b4e1c9d7f6a3b2c1d0e9f8a7b6', time: 1_732_183_200, txCount: 3, sizeBytes: 1_623_456 });
  });
});

describe('bad answers stay in their tile', () => {
  it('a missing or mistyped field spoils only its own section, with where it was', () => {
    const chain = coreChainInfo(ok({ chain: 'main', blocks: '12', headers: 12 }));
    expect(chain.ok).toBe(false);
    if (!chain.ok) expect(chain.error.message).toMatch(/getblockchaininfo in an unexpected shape \(blocks: /);
    expect(coreMempool(okFixture('bitcoind', 'getmempoolinfo')).ok).toBe(true);
  });

  it('an unknown chain name or an RPC error becomes the section’s error', () => {
    expect(coreChainInfo(ok({ ...(fixture('bitcoind', 'getblockchaininfo') as object), chain: 'liquidv1' })).ok).toBe(false);
    const err = coreMempool({ ok: false, error: new BcmError('UNREACHABLE', 'Loading block index…') });
    expect(err).toEqual({ ok: false, error: { code: 'UNREACHABLE', message: 'Loading block index…' } });
  });

  it('fields a newer daemon adds are ignored', () => {
    const more = { ...(fixture('bitcoind', 'getmempoolinfo') as object), futureField: [1, 2, 3], size: 3 };
    expect(coreMempool(ok(more))).toMatchObject({ ok: true, value: { count: 3 } });
  });
});

describe('small helpers', () => {
  it('names chains, versions, networks and recent heights', () => {
    expect(['main', 'test', 'testnet4', 'signet', 'regtest'].map(chainOf)).toEqual(['mainnet', 'testnet', 'testnet', 'signet', 'regtest']);
    expect(versionOf(240200, 'btcd')).toBe('0.24.2');
    expect(versionOf(290100, 'core')).toBe('29.1.0');
    expect(networkOfAddress('10.64.3.11:18444')).toBe('local');
    expect(networkOfAddress('example.i2p:0')).toBe('i2p');
    expect(recentHeights(2, 12)).toEqual([2, 1, 0]);
    expect(recentHeights(100, 3)).toEqual([100, 99, 98]);
  });

  it('keeps a bounded cache of blocks by hash', () => {
    const cache = new BlockCache(2);
    for (const h of [1, 2, 3]) cache.put({ height: h, hash: `h${h}`, time: h, txCount: 1, sizeBytes: 1 });
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.get('h3')?.height).toBe(3);
  });
});
