/** The messaging role (Kafka): import from here. */
export { createMessagingService, MessagingService, type MessagingDeps } from './service';
export { KafkaAdapter, type KafkaTarget } from './kafka-adapter';
export type { MessagingAdapter } from './types';
export { ExecTunnel, type TunnelTarget } from './tunnel';
