import { describe, expect, it } from 'vitest';
import type { Reachability } from '../../../src/shared/services/common';
import { STALL_AFTER_MS, lightningHealth, nodeHealth, progressOf } from '../../../src/shared/services/health';
import type { LightningInfo } from '../../../src/shared/services/lightning';
import type { ChainInfo, NodePeers, NodeSample } from '../../../src/shared/services/node';
import { ReachabilityTracker, SampleRing } from '../../../src/main/services/core/tracker';

const up: Reachability = { reachable: true, lastOkAt: '2026-11-22T00:00:00Z', downSince: null };
const chain = (over: Partial<ChainInfo> = {}): ChainInfo => ({
  chain: 'mainnet', blocks: 100, headers: 100, bestBlockHash: 'ab', verificationProgress: 1, initialBlockDownload: false, difficulty: 1, medianTime: null, pruned: false, pruneHeight: null, warnings: [], ...over,
});
const peers = (n: number): NodePeers => ({ inbound: 0, outbound: n, onion: n, clearnet: 0, list: Array.from({ length: n }, (_, id) => ({ id, address: 'x.onion:8333', inbound: false, network: 'onion' as const, userAgent: '', syncedBlocks: null, pingMs: null, connectedAt: null, bytesSent: 0, bytesReceived: 0 })) });
const sample = (at: number, blocks: number): NodeSample => ({ at, blocks, headers: 1000, mempoolCount: 0, mempoolBytes: 0, peers: 8 });
const NOW = 10_000_000;

describe('node health', () => {
  it('synced, with the height', () => {
    expect(nodeHealth({ chain: 'mainnet', reachability: up, chainInfo: { ok: true, value: chain() }, peers: { ok: true, value: peers(8) }, history: [], now: NOW })).toEqual({ state: 'synced', reason: 'Synced at block 100.', etaSeconds: null });
  });

  it('syncing, with an estimate from recent progress', () => {
    const history = [sample(NOW - 60_000, 100), sample(NOW, 160)];
    const h = nodeHealth({ chain: 'mainnet', reachability: up, chainInfo: { ok: true, value: chain({ blocks: 160, headers: 1000, verificationProgress: 0.5, initialBlockDownload: true }) }, peers: { ok: true, value: peers(8) }, history, now: NOW });
    expect(h.state).toBe('syncing');
    expect(h.reason).toMatch(/block 160 of 1,000 \(50\.0 %\)/);
    expect(h.etaSeconds).toBe(840);
  });

  it('stalled when the tip has not moved for a while behind, or with no peers off regtest', () => {
    const history = [sample(NOW - STALL_AFTER_MS - 1000, 160), sample(NOW, 160)];
    const stalled = nodeHealth({ chain: 'mainnet', reachability: up, chainInfo: { ok: true, value: chain({ blocks: 160, headers: 1000, initialBlockDownload: true }) }, peers: { ok: true, value: peers(0) }, history, now: NOW });
    expect(stalled.state).toBe('stalled');
    expect(stalled.reason).toMatch(/No new block for 10 minutes while 840 blocks behind, and no peers/);
    expect(nodeHealth({ chain: 'mainnet', reachability: up, chainInfo: { ok: true, value: chain() }, peers: { ok: true, value: peers(0) }, history: [], now: NOW }).state).toBe('stalled');
    expect(nodeHealth({ chain: 'regtest', reachability: up, chainInfo: { ok: true, value: chain({ chain: 'regtest' }) }, peers: { ok: true, value: peers(0) }, history: [], now: NOW }).state).toBe('synced');
  });

  it('down with the reason when it does not answer; starting while it warms up', () => {
    const down = new ReachabilityTracker().failed(NOW, new Error('boom'));
    expect(nodeHealth({ chain: 'mainnet', reachability: down, chainInfo: { ok: false, error: { code: 'UNREACHABLE', message: 'x' } }, peers: { ok: true, value: peers(1) }, history: [], now: NOW })).toMatchObject({ state: 'down', reason: 'Unexpected error: boom' });
    expect(nodeHealth({ chain: 'mainnet', reachability: up, chainInfo: { ok: false, error: { code: 'UNREACHABLE', message: 'Loading block index… (still starting)' } }, peers: { ok: true, value: peers(1) }, history: [], now: NOW }).state).toBe('starting');
  });

  it('measures progress only over samples long enough apart', () => {
    expect(progressOf([sample(NOW - 10_000, 1), sample(NOW, 5)], NOW).rate).toBeNull();
    expect(progressOf([sample(NOW - 100_000, 100), sample(NOW - 50_000, 200), sample(NOW, 200)], NOW)).toEqual({ rate: 1, stillForMs: 50_000 });
  });
});

const info = (over: Partial<LightningInfo> = {}): LightningInfo => ({ alias: 'a', pubkey: '02', version: '0.18', color: null, blockHeight: 100, blockHash: null, syncedToChain: true, syncedToGraph: true, numPeers: 0, uris: [], warnings: [], ...over });
const unlocked = { state: 'unlocked' as const, detail: 'SERVER_ACTIVE' };

describe('Lightning health', () => {
  it('synced at the node’s height', () => {
    expect(lightningHealth({ chain: 'regtest', reachability: up, wallet: unlocked, info: { ok: true, value: info() }, nodeBlocks: 100 })).toMatchObject({ state: 'synced', reason: 'Synced to the chain at block 100.' });
  });

  it('a locked wallet is a state with an action, not an error', () => {
    const h = lightningHealth({ chain: 'mainnet', reachability: up, wallet: { state: 'locked', detail: 'LOCKED' }, info: { ok: false, error: { code: 'PRECONDITION_FAILED', message: 'locked' } }, nodeBlocks: 100 });
    expect(h).toMatchObject({ state: 'locked', reason: expect.stringMatching(/unlock it/) });
    expect(lightningHealth({ chain: 'mainnet', reachability: up, wallet: { state: 'none', detail: 'NON_EXISTING' }, info: { ok: false, error: { code: 'PRECONDITION_FAILED', message: 'x' } }, nodeBlocks: null }).state).toBe('nowallet');
  });

  it('on regtest at the node’s height but not synced: asks for a block', () => {
    expect(lightningHealth({ chain: 'regtest', reachability: up, wallet: unlocked, info: { ok: true, value: info({ syncedToChain: false, blockHeight: 0 }) }, nodeBlocks: 0 }).reason).toMatch(/mine one/);
  });

  it('behind the node: syncing; ahead of it (a reset regtest chain): stalled', () => {
    expect(lightningHealth({ chain: 'mainnet', reachability: up, wallet: unlocked, info: { ok: true, value: info({ syncedToChain: false, blockHeight: 50 }) }, nodeBlocks: 100 }).state).toBe('syncing');
    const ahead = lightningHealth({ chain: 'regtest', reachability: up, wallet: unlocked, info: { ok: true, value: info({ blockHeight: 7 }) }, nodeBlocks: 0 });
    expect(ahead).toMatchObject({ state: 'stalled', reason: expect.stringMatching(/ahead of its node \(0\).*btcd starts its regtest chain afresh/) });
  });

  it('down when unreachable', () => {
    const down = new ReachabilityTracker().failed(NOW, new Error('no'));
    expect(lightningHealth({ chain: 'regtest', reachability: down, wallet: { state: 'unknown', detail: '' }, info: { ok: false, error: { code: 'INTERNAL', message: 'no' } }, nodeBlocks: null }).state).toBe('down');
  });
});

describe('reachability and samples', () => {
  it('remembers since when a service has not answered, and forgets it when it answers', () => {
    const t = new ReachabilityTracker();
    expect(t.ok(1000)).toEqual({ reachable: true, lastOkAt: new Date(1000).toISOString(), downSince: null });
    t.failed(2000, new Error('a'));
    expect(t.failed(3000, new Error('b'))).toMatchObject({ reachable: false, downSince: new Date(2000).toISOString(), lastOkAt: new Date(1000).toISOString(), error: { message: 'Unexpected error: b' } });
    expect(t.ok(4000).downSince).toBeNull();
  });

  it('keeps a bounded ring of samples, merging bursts', () => {
    const ring = new SampleRing(3, 4000);
    for (const at of [0, 1000, 5000, 10_000, 15_000]) ring.add(sample(at, at));
    expect(ring.list().map((s) => s.at)).toEqual([5000, 10_000, 15_000]);
  });
});
