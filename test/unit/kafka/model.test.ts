import { describe, expect, it } from 'vitest';
import { clusterProblems, groupRow, isUserGroup, parseQuorumStatus, RateTracker, topicRow } from '../../../src/main/services/messaging/model';
import { startOffsets, toMessage, MAX_VALUE_CHARS } from '../../../src/main/services/messaging/tail';

// What `kafka-metadata-quorum describe --status` printed against the real 3.9.1 broker of a BCM datacenter.
const QUORUM_39 = `ClusterId:              lPCewA9hX1Y5VB5wy8rcpw
LeaderId:               1
LeaderEpoch:            2
HighWatermark:          836
MaxFollowerLag:         0
MaxFollowerLagTimeMs:   0
CurrentVoters:          [{"id": 1, "directoryId": null, "endpoints": ["CONTROLLER://10.73.152.11:9093"]}]
CurrentObservers:       []
`;

describe('parseQuorumStatus', () => {
  it('reads the 3.9 format (voters as objects)', () => {
    expect(parseQuorumStatus(QUORUM_39, 't')).toEqual({ leaderId: 1, leaderEpoch: 2, highWatermark: 836, maxFollowerLag: 0, voters: [1], observers: [], checkedAt: 't' });
  });
  it('reads the older format (voters as ids) and a quorum without a leader', () => {
    const q = parseQuorumStatus('LeaderId: -1\nLeaderEpoch: 5\nCurrentVoters: [1,2,3]\nCurrentObservers: [4]\n', 't');
    expect(q).toMatchObject({ leaderId: -1, voters: [1, 2, 3], observers: [4], highWatermark: -1 });
  });
  it('gives null for anything else', () => {
    expect(parseQuorumStatus('Error: Timed out waiting for a node assignment.', 't')).toBeNull();
    expect(parseQuorumStatus('LeaderId: x\nCurrentVoters: not json', 't')).toBeNull();
  });
});

describe('topicRow', () => {
  const partitions = [
    { partitionId: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 2, 3] },
    { partitionId: 1, leader: 2, replicas: [2, 3, 1], isr: [2, 3] },
    { partitionId: 2, leader: -1, replicas: [3, 1, 2], isr: [] },
  ];
  it('counts replication, under-replicated and offline partitions, and messages held', () => {
    const row = topicRow({ name: 'bcm-logs', partitions, offsets: [{ partition: 0, high: '100', low: '40' }, { partition: 1, high: '10', low: '0' }, { partition: 2, high: '0', low: '0' }] });
    expect(row).toEqual({ name: 'bcm-logs', internal: false, partitions: 3, replicationFactor: 3, underReplicated: 2, offline: 1, messages: 70, endOffset: 110 });
  });
  it('marks internal topics and survives unreadable offsets', () => {
    expect(topicRow({ name: '__consumer_offsets', partitions: [], offsets: undefined })).toMatchObject({ internal: true, partitions: 0, replicationFactor: 0, messages: 0 });
  });
});

describe('RateTracker', () => {
  it('gives messages per second between samples and keeps a bounded series', () => {
    const r = new RateTracker(3);
    expect(r.sample(0, { a: 100 })).toEqual({ a: null });
    expect(r.sample(5_000, { a: 150, b: 7 })).toEqual({ a: 10, b: null });
    expect(r.sample(10_000, { a: 150, b: 17 })).toEqual({ a: 0, b: 2 });
    r.sample(15_000, { a: 160, b: 17 });
    r.sample(20_000, { a: 170, b: 17 });
    expect(r.recent().map((s) => s.at)).toEqual([10_000, 15_000, 20_000]);
    expect(r.recent()[2]?.perTopic).toEqual({ a: 2, b: 0 });
  });
  it('gives no rate for a re-created topic, and ignores samples closer than half a second', () => {
    const r = new RateTracker();
    r.sample(0, { a: 100 });
    expect(r.sample(200, { a: 300 })).toEqual({ a: null });
    expect(r.sample(1_000, { a: 5 })).toEqual({ a: null });
    expect(r.recent()).toHaveLength(1);
  });
});

describe('groupRow', () => {
  it('lags by end offset minus committed, over committed partitions only', () => {
    const row = groupRow(
      {
        groupId: 'reporter', state: 'Stable', protocolType: 'consumer', members: 2,
        committed: [
          { topic: 'bcm-logs', partitions: [{ partition: 0, offset: '90' }, { partition: 1, offset: '-1' }] },
          { topic: 'other', partitions: [{ partition: 0, offset: '-1' }] },
        ],
      },
      { 'bcm-logs': { 0: 100, 1: 50 } },
    );
    expect(row).toEqual({ groupId: 'reporter', state: 'Stable', protocolType: 'consumer', members: 2, lag: 10, perTopic: [{ topic: 'bcm-logs', lag: 10 }] });
  });
  it("hides BCM's own tail sessions", () => {
    expect(isUserGroup('bcm-tail-0d1f')).toBe(false);
    expect(isUserGroup('reporter')).toBe(true);
  });
});

describe('clusterProblems', () => {
  const base = { expectedBrokers: 3, brokers: 3, topics: [{ name: 'bcm-logs', underReplicated: 0, offline: 0 }], quorum: null, logging: true, logTopic: 'bcm-logs' };
  it('is empty for a healthy cluster', () => expect(clusterProblems(base)).toEqual([]));
  it('says what is wrong, in words', () => {
    const p = clusterProblems({ ...base, brokers: 2, topics: [{ name: 'x', underReplicated: 1, offline: 1 }], quorum: { leaderId: -1, leaderEpoch: 1, highWatermark: 1, maxFollowerLag: 0, voters: [1, 2, 3], observers: [], checkedAt: 't' } });
    expect(p).toEqual([
      '2 of 3 brokers are registered.',
      'Partitions without a leader in x: their data cannot be read or written.',
      'Under-replicated partitions in x.',
      'The KRaft quorum has no leader.',
      'The log topic bcm-logs does not exist yet: no container has shipped its journal.',
    ]);
  });
});

describe('tail helpers', () => {
  it('starts each partition `backlog` before its end, never before its start', () => {
    expect(startOffsets([{ partition: 0, high: '100', low: '0' }, { partition: 1, high: '10', low: '5' }], 50)).toEqual([{ partition: 0, offset: '50' }, { partition: 1, offset: '5' }]);
  });
  it('turns a record into text, cut at 8 KiB, without the trailing newline rsyslog adds', () => {
    const m = toMessage(2, { offset: '7', timestamp: '1700000000000', key: Buffer.from('gateway'), value: Buffer.from('{"a":1}\n') });
    expect(m).toEqual({ partition: 2, offset: '7', timestamp: 1700000000000, key: 'gateway', value: '{"a":1}', truncated: false });
    const big = toMessage(0, { offset: '1', timestamp: '0', key: null, value: Buffer.alloc(MAX_VALUE_CHARS + 10, 'x') });
    expect(big.truncated).toBe(true);
    expect(big.value).toHaveLength(MAX_VALUE_CHARS);
    expect(toMessage(0, { offset: '1', timestamp: '0', key: null, value: null }).value).toBeNull();
  });
});
