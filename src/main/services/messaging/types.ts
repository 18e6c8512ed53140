import type { KafkaOverview, TopicTailEvent } from '../../../shared/channels/messaging';

/**
 * The messaging role: what the dashboards and the IPC handlers need from a datacenter's message
 * bus, whatever implements it. Kafka (./kafka-adapter.ts) is the one implementation today.
 */
export interface MessagingAdapter {
  readonly kind: 'kafka';
  /** one look at the cluster; a cluster that does not answer gives state "down", never a throw */
  overview(): Promise<Omit<KafkaOverview, 'lastOkAt'>>;
  /** the newest `backlog` messages per partition, then each new one; returns stop */
  tail(topic: string, backlog: number, emit: (event: TopicTailEvent) => void): () => void;
  close(): Promise<void>;
}
