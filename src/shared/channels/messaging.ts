import { z } from 'zod';
import { endpointNameSchema } from '../endpoints';

/** The topic the logging pipeline ships every container's journal into. */
export const KAFKA_LOG_TOPIC = 'bcm-logs';
/** Consumer groups BCM makes for a "tail this topic" session (hidden from the groups table). */
export const TAIL_GROUP_PREFIX = 'bcm-tail-';

export const kafkaBrokerSchema = z.object({
  nodeId: z.number(),
  host: z.string(),
  port: z.number(),
  /** the datacenter container that has this address */
  container: z.string().nullable(),
});
export type KafkaBroker = z.infer<typeof kafkaBrokerSchema>;

/** The KRaft quorum as `kafka-metadata-quorum describe --status` reports it. */
export const kafkaQuorumSchema = z.object({
  leaderId: z.number(),
  leaderEpoch: z.number(),
  highWatermark: z.number(),
  maxFollowerLag: z.number(),
  voters: z.array(z.number()),
  observers: z.array(z.number()),
  checkedAt: z.string(),
});
export type KafkaQuorum = z.infer<typeof kafkaQuorumSchema>;

export const kafkaTopicSchema = z.object({
  name: z.string(),
  internal: z.boolean(),
  partitions: z.number(),
  replicationFactor: z.number(),
  underReplicated: z.number(),
  /** partitions without a leader */
  offline: z.number(),
  /** messages held now (end minus start offsets, summed over partitions) */
  messages: z.number(),
  /** messages ever written (end offsets summed) */
  endOffset: z.number(),
  /** since the previous sample; null for the first */
  messagesPerSecond: z.number().nullable(),
});
export type KafkaTopic = z.infer<typeof kafkaTopicSchema>;

export const kafkaGroupSchema = z.object({
  groupId: z.string(),
  state: z.string(),
  protocolType: z.string(),
  members: z.number(),
  /** messages not yet consumed, over every partition the group has committed offsets for */
  lag: z.number(),
  perTopic: z.array(z.object({ topic: z.string(), lag: z.number() })),
});
export type KafkaGroup = z.infer<typeof kafkaGroupSchema>;

export const kafkaHealthStates = ['healthy', 'degraded', 'down', 'disabled'] as const;
export type KafkaHealthState = (typeof kafkaHealthStates)[number];

/** One sample of messages/s per topic, for the chart. */
export const kafkaRateSampleSchema = z.object({ at: z.number(), perTopic: z.record(z.string(), z.number()) });
export type KafkaRateSample = z.infer<typeof kafkaRateSampleSchema>;

export const kafkaOverviewSchema = z.object({
  datacenter: z.string(),
  state: z.enum(kafkaHealthStates),
  /** what is wrong, in words, when not healthy (each part that failed says why) */
  problems: z.array(z.string()),
  /** when the cluster last answered; with state "down", "not responding since" */
  lastOkAt: z.string().nullable(),
  checkedAt: z.string(),
  logging: z.boolean(),
  logTopic: z.string(),
  expectedBrokers: z.number(),
  clusterId: z.string().nullable(),
  brokers: z.array(kafkaBrokerSchema),
  quorum: kafkaQuorumSchema.nullable(),
  topics: z.array(kafkaTopicSchema),
  groups: z.array(kafkaGroupSchema),
  /** recent samples, oldest first */
  rates: z.array(kafkaRateSampleSchema),
});
export type KafkaOverview = z.infer<typeof kafkaOverviewSchema>;

export const kafkaTopicNameSchema = z
  .string()
  .min(1)
  .max(249)
  .regex(/^[A-Za-z0-9._-]+$/, 'A Kafka topic name: letters, digits, ".", "_" and "-"');

export const kafkaMessageSchema = z.object({
  partition: z.number(),
  offset: z.string(),
  timestamp: z.number(),
  key: z.string().nullable(),
  /** the value as UTF-8 text, cut at 8 KiB (`truncated` says so) */
  value: z.string().nullable(),
  truncated: z.boolean(),
});
export type KafkaMessage = z.infer<typeof kafkaMessageSchema>;

export const topicTailEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('messages'), messages: z.array(kafkaMessageSchema), at: z.number() }),
  z.object({ type: z.literal('state'), state: z.enum(['connecting', 'live', 'ended', 'error']), message: z.string().optional(), at: z.number() }),
]);
export type TopicTailEvent = z.infer<typeof topicTailEventSchema>;

const datacenter = z.object({ datacenter: endpointNameSchema }).strict();

/** Messaging (Kafka) of a datacenter: cluster overview and a live tail of a topic. */
export const messagingInvokeChannels = {
  /** brokers, quorum, topics, consumer groups and rates; never fails for a down cluster (state says so) */
  'messaging.overview': { input: datacenter, output: kafkaOverviewSchema },
} as const;

export const messagingEventChannels = {
  /** the newest messages of a topic (`backlog` per partition first), then each new one as it arrives */
  'messaging.tail': {
    params: z
      .object({
        datacenter: endpointNameSchema,
        topic: kafkaTopicNameSchema,
        backlog: z.number().int().min(0).max(1000).default(50),
      })
      .strict(),
    payload: topicTailEventSchema,
  },
} as const;
