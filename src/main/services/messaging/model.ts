import { TAIL_GROUP_PREFIX, type KafkaGroup, type KafkaQuorum, type KafkaRateSample, type KafkaTopic } from '../../../shared/channels/messaging';

/**
 * Pure pieces of the Kafka adapter: parsing what the tools print, turning what the admin API
 * answers into the dashboard's rows, and messages per second from successive samples.
 */

/** `kafka-metadata-quorum describe --status` (3.x prints voters as objects, older releases as ids). */
export function parseQuorumStatus(text: string, checkedAt: string): KafkaQuorum | null {
  const field = (name: string): string | undefined => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(text)?.[1]?.trim();
  const num = (name: string): number | undefined => {
    const v = field(name);
    return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
  };
  const ids = (name: string): number[] => {
    const v = field(name);
    if (!v) return [];
    try {
      const parsed: unknown = JSON.parse(v);
      if (!Array.isArray(parsed)) return [];
      return parsed
        .map((x: unknown) => (typeof x === 'number' ? x : typeof x === 'object' && x !== null && typeof (x as { id?: unknown }).id === 'number' ? (x as { id: number }).id : NaN))
        .filter((n) => Number.isInteger(n));
    } catch {
      return [];
    }
  };
  const leaderId = num('LeaderId');
  if (leaderId === undefined) return null;
  return {
    leaderId,
    leaderEpoch: num('LeaderEpoch') ?? -1,
    highWatermark: num('HighWatermark') ?? -1,
    maxFollowerLag: num('MaxFollowerLag') ?? 0,
    voters: ids('CurrentVoters'),
    observers: ids('CurrentObservers'),
    checkedAt,
  };
}

export interface PartitionMeta {
  partitionId: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface PartitionOffsets {
  partition: number;
  high: string;
  low: string;
}

export interface TopicInput {
  name: string;
  partitions: PartitionMeta[];
  /** undefined when the offsets could not be read */
  offsets: PartitionOffsets[] | undefined;
}

const big = (s: string): number => {
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? n : 0;
};

export function topicRow(input: TopicInput): Omit<KafkaTopic, 'messagesPerSecond'> {
  const replicationFactor = Math.max(0, ...input.partitions.map((p) => p.replicas.length));
  const offsets = input.offsets ?? [];
  return {
    name: input.name,
    internal: input.name.startsWith('__'),
    partitions: input.partitions.length,
    replicationFactor,
    underReplicated: input.partitions.filter((p) => p.isr.length < p.replicas.length).length,
    offline: input.partitions.filter((p) => p.leader < 0).length,
    messages: offsets.reduce((n, o) => n + Math.max(0, big(o.high) - big(o.low)), 0),
    endOffset: offsets.reduce((n, o) => n + big(o.high), 0),
  };
}

/** Messages per second per topic from the end offsets of successive samples; keeps the recent series. */
export class RateTracker {
  private last: { at: number; ends: Record<string, number> } | undefined;
  private readonly series: KafkaRateSample[] = [];

  constructor(private readonly keep = 120) {}

  /** Records a sample and returns each topic's rate since the previous one (null for the first, or a topic that is new). */
  sample(at: number, ends: Record<string, number>): Record<string, number | null> {
    const prev = this.last;
    const rates: Record<string, number | null> = {};
    const seconds = prev ? (at - prev.at) / 1000 : 0;
    for (const [topic, end] of Object.entries(ends)) {
      const before = prev?.ends[topic];
      // an end offset going back means the topic was re-created: no rate for this step
      rates[topic] = prev && seconds > 0.5 && before !== undefined && end >= before ? (end - before) / seconds : null;
    }
    if (!prev || seconds > 0.5) {
      this.last = { at, ends };
      if (prev) {
        const perTopic = Object.fromEntries(Object.entries(rates).filter((e): e is [string, number] => e[1] !== null));
        this.series.push({ at, perTopic });
        if (this.series.length > this.keep) this.series.splice(0, this.series.length - this.keep);
      }
    }
    return rates;
  }

  recent(): KafkaRateSample[] {
    return [...this.series];
  }
}

export interface GroupInput {
  groupId: string;
  state: string;
  protocolType: string;
  members: number;
  /** committed offsets per topic (-1: none) */
  committed: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
}

/** A group's lag: end offset minus committed offset, over the partitions it has committed. */
export function groupRow(input: GroupInput, ends: Record<string, Record<number, number>>): KafkaGroup {
  const perTopic: KafkaGroup['perTopic'] = [];
  for (const t of input.committed) {
    const committed = t.partitions.filter((p) => Number(p.offset) >= 0);
    if (!committed.length) continue;
    const lag = committed.reduce((n, p) => n + Math.max(0, (ends[t.topic]?.[p.partition] ?? 0) - Number(p.offset)), 0);
    perTopic.push({ topic: t.topic, lag });
  }
  return {
    groupId: input.groupId,
    state: input.state,
    protocolType: input.protocolType,
    members: input.members,
    lag: perTopic.reduce((n, t) => n + t.lag, 0),
    perTopic,
  };
}

/** Groups a user cares about: not BCM's own tail sessions. */
export function isUserGroup(groupId: string): boolean {
  return !groupId.startsWith(TAIL_GROUP_PREFIX);
}

/** What is wrong with the cluster, in words (empty when healthy). */
export function clusterProblems(input: { expectedBrokers: number; brokers: number; topics: Array<Pick<KafkaTopic, 'name' | 'underReplicated' | 'offline'>>; quorum: KafkaQuorum | null; logging: boolean; logTopic: string }): string[] {
  const problems: string[] = [];
  if (input.brokers < input.expectedBrokers) problems.push(`${input.brokers} of ${input.expectedBrokers} brokers are registered.`);
  const offline = input.topics.filter((t) => t.offline > 0);
  if (offline.length) problems.push(`Partitions without a leader in ${offline.map((t) => t.name).join(', ')}: their data cannot be read or written.`);
  const under = input.topics.filter((t) => t.underReplicated > 0);
  if (under.length) problems.push(`Under-replicated partitions in ${under.map((t) => t.name).join(', ')}.`);
  if (input.quorum && input.quorum.leaderId < 0) problems.push('The KRaft quorum has no leader.');
  if (input.logging && !input.topics.some((t) => t.name === input.logTopic)) problems.push(`The log topic ${input.logTopic} does not exist yet: no container has shipped its journal.`);
  return problems;
}
