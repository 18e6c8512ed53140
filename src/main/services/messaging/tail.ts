import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka, KafkaMessage as RawMessage } from 'kafkajs';
import { TAIL_GROUP_PREFIX, type KafkaMessage, type TopicTailEvent } from '../../../shared/channels/messaging';

export const MAX_VALUE_CHARS = 8192;
/** messages held between flushes; older ones are dropped first when a topic outruns the screen */
export const MAX_PENDING = 2000;
const FLUSH_MS = 250;

/** One Kafka record as the dashboard shows it: UTF-8 text, cut at 8 KiB, trailing newline dropped. */
export function toMessage(partition: number, m: Pick<RawMessage, 'offset' | 'timestamp' | 'key' | 'value'>): KafkaMessage {
  const text = m.value === null ? null : m.value.toString('utf8').replace(/\s+$/, '');
  const truncated = text !== null && text.length > MAX_VALUE_CHARS;
  return {
    partition,
    offset: m.offset,
    timestamp: Number(m.timestamp),
    key: m.key === null ? null : m.key.toString('utf8'),
    value: truncated ? text.slice(0, MAX_VALUE_CHARS) : text,
    truncated,
  };
}

/** Where a tail starts in each partition: `backlog` messages before the end (never before the start). */
export function startOffsets(offsets: Array<{ partition: number; high: string; low: string }>, backlog: number): Array<{ partition: number; offset: string }> {
  return offsets.map((o) => {
    const high = BigInt(o.high);
    const low = BigInt(o.low);
    const from = high - BigInt(backlog);
    return { partition: o.partition, offset: String(from > low ? from : low) };
  });
}

export interface TailInput {
  kafka: Kafka;
  admin: () => Promise<Admin>;
  topic: string;
  backlog: number;
  emit: (event: TopicTailEvent) => void;
}

/**
 * Follows a topic with a throwaway consumer group (kafkajs has no group-less consumer): nothing is
 * committed, and the group is deleted when the tail stops. Messages are sent in batches every
 * 250 ms so a busy topic never floods the renderer.
 */
export function startTopicTail(input: TailInput): () => void {
  const { topic, emit } = input;
  const groupId = `${TAIL_GROUP_PREFIX}${randomUUID()}`;
  const consumer: Consumer = input.kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 3_000, maxWaitTimeInMs: 500, allowAutoTopicCreation: false, retry: { retries: 3 } });
  let pending: KafkaMessage[] = [];
  let stopped = false;
  const timer = setInterval(() => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    emit({ type: 'messages', messages: batch, at: Date.now() });
  }, FLUSH_MS);

  const now = (): number => Date.now();
  void (async () => {
    emit({ type: 'state', state: 'connecting', at: now() });
    const offsets = await (await input.admin()).fetchTopicOffsets(topic);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: false });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (!stopped) emit({ type: 'state', state: 'live', at: now() });
    });
    consumer.on(consumer.events.CRASH, (e) => {
      if (!stopped) emit({ type: 'state', state: 'error', message: `The tail stopped: ${e.payload.error.message}`, at: now() });
    });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) pending.push(toMessage(batch.partition, m));
        if (pending.length > MAX_PENDING) pending.splice(0, pending.length - MAX_PENDING);
      },
    });
    for (const s of startOffsets(offsets, input.backlog)) consumer.seek({ topic, partition: s.partition, offset: s.offset });
  })().catch((err: unknown) => {
    if (!stopped) emit({ type: 'state', state: 'error', message: `Could not follow ${topic}: ${err instanceof Error ? err.message : String(err)}`, at: now() });
  });

  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    void consumer
      .disconnect()
      .then(async () => {
        await (await input.admin()).deleteGroups([groupId]);
      })
      .catch(() => undefined);
  };
}
