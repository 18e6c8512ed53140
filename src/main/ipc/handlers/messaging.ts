import type { messagingEventChannels, messagingInvokeChannels } from '../../../shared/channels/messaging';
import type { MessagingService } from '../../services/messaging';
import type { EventSources, Handlers } from '../router';

export interface MessagingDeps {
  messaging: MessagingService;
}

type MessagingChannel = keyof typeof messagingInvokeChannels;
type MessagingEvent = keyof typeof messagingEventChannels;

/** Binds the messaging (Kafka) channels to the messaging service. */
export function messagingHandlers({ messaging }: MessagingDeps): Pick<Handlers, MessagingChannel> {
  return {
    'messaging.overview': ({ datacenter }) => messaging.overview(datacenter),
  };
}

export function messagingEventSources({ messaging }: MessagingDeps): Pick<EventSources, MessagingEvent> {
  return {
    'messaging.tail': (params, emit) => messaging.tail(params, emit),
  };
}
