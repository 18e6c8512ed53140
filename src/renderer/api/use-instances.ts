import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Instance, InstanceAction, InstanceEvent } from '../../shared/instances';
import type { BcmError } from '../../shared/errors';
import { ListGap, applyInstanceEvent, upsertInstance } from '../lib/instances';
import { useApi } from './context';
import { queryKeys } from './query-keys';
import { useEventStream } from './use-event-stream';

export type StreamState =
  { state: 'connected' } | { state: 'reconnecting'; message?: string } | { state: 'failed'; error: BcmError };

/**
 * The instances of one endpoint: listed once, then kept current by the `instances.events`
 * stream (no polling). Each event carries the instance as it is now (null once deleted).
 */
export function useInstances(endpoint: string, enabled = true) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = queryKeys.instances(endpoint);
  const [connection, setConnection] = useState<{ state: 'connected' } | { state: 'reconnecting'; message?: string }>({
    state: 'connected',
  });

  const query = useQuery({
    queryKey: key,
    queryFn: () => api.invoke('instances.list', { endpoint }),
    enabled,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  // events during a fetch: list once more when it settles (ListGap says why)
  const gap = useRef(new ListGap());
  const fetching = query.fetchStatus === 'fetching';
  useEffect(() => {
    if (!fetching && gap.current.settled()) void queryClient.invalidateQueries({ queryKey: queryKeys.instances(endpoint) });
  }, [fetching, queryClient, endpoint]);

  const stream = useEventStream(
    'instances.events',
    { endpoint },
    (event: InstanceEvent) => {
      if (event.type === 'connection') {
        if (event.state === 'connected') {
          setConnection((previous) => {
            // back after a gap: events may have been missed, list again
            if (previous.state === 'reconnecting') void queryClient.invalidateQueries({ queryKey: key });
            return { state: 'connected' };
          });
        } else {
          setConnection(
            event.message === undefined ? { state: 'reconnecting' } : { state: 'reconnecting', message: event.message },
          );
        }
        return;
      }
      // main follows a started instance until its DHCP address arrives (action instance-address)
      const state = queryClient.getQueryState<Instance[]>(key);
      if (gap.current.event(state?.data !== undefined, state?.fetchStatus === 'fetching')) {
        queryClient.setQueryData<Instance[]>(key, (list) => applyInstanceEvent(list, event));
      }
    },
    { enabled, onResubscribe: () => void queryClient.invalidateQueries({ queryKey: key }) },
  );

  const streamState: StreamState = stream.error !== null ? { state: 'failed', error: stream.error } : connection;
  return { query, stream: streamState };
}

export function useInstanceAction(endpoint: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { project: string; name: string; action: InstanceAction; force?: boolean }) =>
      api.invoke('instances.setState', { endpoint, ...input }),
    onSuccess: (instance) => {
      queryClient.setQueryData<Instance[]>(queryKeys.instances(endpoint), (list) =>
        list === undefined ? list : upsertInstance(list, instance),
      );
    },
  });
}

export function useDeleteInstance(endpoint: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { project: string; name: string }) => api.invoke('instances.delete', { endpoint, ...input }),
    onSuccess: (_result, input) => {
      queryClient.setQueryData<Instance[]>(queryKeys.instances(endpoint), (list) =>
        list?.filter((i) => !(i.project === input.project && i.name === input.name)),
      );
    },
  });
}
