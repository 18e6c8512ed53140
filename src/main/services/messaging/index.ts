/** The messaging role (Kafka): import from here. */
export { createMessagingService, MessagingService, type MessagingDeps } from './service';
export { KafkaAdapter, kafkaSocketFactory, type KafkaTarget } from './kafka-adapter';
export type { MessagingAdapter } from './types';
