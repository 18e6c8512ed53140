import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Endpoint } from '../../shared/endpoints';
import { useApi } from './context';
import { queryKeys } from './query-keys';
import { useEventStream } from './use-event-stream';

/** The endpoint list (read from the cache that `useEndpointsSync` keeps fresh). */
export function useEndpoints() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.endpoints,
    queryFn: () => api.invoke('endpoints.list', {}),
    staleTime: 60_000,
  });
}

/** Keeps the cached endpoint list in step with `endpoints.changed`. Mount once per screen. */
export function useEndpointsSync(): void {
  const queryClient = useQueryClient();
  useEventStream(
    'endpoints.changed',
    {},
    (list: Endpoint[]) => {
      queryClient.setQueryData(queryKeys.endpoints, list);
    },
    { onResubscribe: () => void queryClient.invalidateQueries({ queryKey: queryKeys.endpoints }) },
  );
}

export function useEndpointStatus(name: string) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.endpointStatus(name),
    queryFn: () => api.invoke('endpoints.status', { name }),
    refetchInterval: 10_000,
    refetchIntervalInBackground: false,
    staleTime: 5_000,
  });
}

export function useLocalDetection() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.detectLocal,
    queryFn: () => api.invoke('endpoints.detectLocal', {}),
    staleTime: 30_000,
  });
}

export function useAppInfo() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.appInfo,
    queryFn: () => api.invoke('app.info', {}),
    staleTime: Infinity,
  });
}
