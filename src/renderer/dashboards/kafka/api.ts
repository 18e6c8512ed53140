import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { KafkaMessage } from '../../../shared/channels/messaging';
import { useApi } from '../../api/context';
import { useEventStream } from '../../api/use-event-stream';
import { appendCapped, freshMessages } from './lib';

/** Kafka has no push for offsets: modest polling (main keeps the rate history between reads). */
export const KAFKA_EVERY_MS = 5_000;
export const TAIL_KEEP = 500;

export const kafkaKeys = { overview: (dc: string) => ['messaging', dc, 'overview'] as const };

export function useKafkaOverview(datacenter: string) {
  const api = useApi();
  return useQuery({
    queryKey: kafkaKeys.overview(datacenter),
    queryFn: () => api.invoke('messaging.overview', { datacenter }),
    refetchInterval: KAFKA_EVERY_MS,
    refetchIntervalInBackground: false,
    staleTime: 1_000,
  });
}

export interface TailState {
  state: 'connecting' | 'live' | 'ended' | 'error' | 'idle';
  message: string | null;
  messages: KafkaMessage[];
  /** messages received since the tail started (more than are kept) */
  received: number;
}

/**
 * Follows a topic while `enabled`: the newest messages first, then each new one. Mount it under a
 * `key` of the topic so another topic starts afresh; pausing keeps what was received.
 */
export function useTopicTail(datacenter: string, topic: string, enabled: boolean): TailState & { clear: () => void } {
  const [tail, setTail] = useState<TailState>({ state: 'connecting', message: null, messages: [], received: 0 });
  const stream = useEventStream(
    'messaging.tail',
    { datacenter, topic, backlog: 50 },
    (event) => {
      setTail((t) =>
        event.type === 'messages'
          ? (() => {
              // partitions arrive one after another: in time order within a batch
              const fresh = freshMessages(t.messages, event.messages).sort((a, b) => a.timestamp - b.timestamp);
              return { ...t, messages: appendCapped(t.messages, fresh, TAIL_KEEP), received: t.received + fresh.length };
            })()
          : { ...t, state: event.state, message: event.message ?? null },
      );
    },
    { enabled, onResubscribe: () => setTail((t) => ({ ...t, state: 'connecting' })) },
  );
  const clear = useCallback(() => setTail((t) => ({ ...t, messages: [], received: 0 })), []);
  if (!enabled) return { ...tail, state: 'idle', message: null, clear };
  if (stream.error) return { ...tail, state: 'error', message: stream.error.message, clear };
  return { ...tail, clear };
}
