import { useEffect, useEffectEvent, useState } from 'react';
import type { EventChannel, EventParams, EventPayload } from '../../shared/contract';
import type { BcmError } from '../../shared/errors';
import { isDisconnected, useConnectionStore } from '../boot/connection-store';
import { useApi } from './context';

const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 15_000];

export interface EventStreamOptions {
  enabled?: boolean;
  /** called after the stream was re-established: events may have been missed, refetch */
  onResubscribe?: () => void;
}

export interface EventStreamState {
  /** the last error that ended the stream; cleared when events flow again */
  error: BcmError | null;
}

/**
 * Subscribes to one event stream of the contract for as long as the component is mounted.
 * A stream that ends with an error is opened again with back-off, unless the whole connection
 * to the host is gone (the app shows a banner then) or the subject no longer exists.
 */
export function useEventStream<E extends EventChannel>(
  channel: E,
  params: EventParams<E>,
  onEvent: (payload: EventPayload<E>) => void,
  options: EventStreamOptions = {},
): EventStreamState {
  const api = useApi();
  const [error, setError] = useState<BcmError | null>(null);
  const enabled = options.enabled ?? true;
  const paramsKey = JSON.stringify(params);
  const handleEvent = useEffectEvent((payload: EventPayload<E>) => {
    setError(null);
    onEvent(payload);
  });
  const handleResubscribe = useEffectEvent(() => options.onResubscribe?.());

  useEffect(() => {
    if (!enabled) return undefined;
    const streamParams = JSON.parse(paramsKey) as EventParams<E>;
    let stopped = false;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe: (() => void) | undefined;

    const open = () => {
      unsubscribe = api.subscribe(
        channel,
        streamParams,
        (payload) => {
          attempt = 0;
          handleEvent(payload);
        },
        (err) => {
          unsubscribe = undefined;
          if (stopped) return;
          setError(err);
          if (err.code === 'NOT_FOUND' || isDisconnected(useConnectionStore.getState().state)) return;
          const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 15_000;
          attempt += 1;
          timer = setTimeout(() => {
            if (stopped) return;
            open();
            handleResubscribe();
          }, delay);
        },
      );
    };
    open();

    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      unsubscribe?.();
    };
  }, [api, channel, paramsKey, enabled]);

  return { error };
}
