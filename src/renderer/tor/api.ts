import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OnionService, TorLogLine, TorStatus } from '../../shared/channels/tor';
import type { Endpoint } from '../../shared/endpoints';
import { useApi } from '../api/context';
import { queryKeys } from '../api/query-keys';
import { useEventStream } from '../api/use-event-stream';
import { appendLog } from './lib';

export const torKeys = {
  status: ['tor', 'status'] as const,
  logs: ['tor', 'logs'] as const,
  settings: ['tor', 'settings'] as const,
  services: ['tor', 'services'] as const,
};

/** Tor's status, kept live by the tor.status stream. */
export function useTorStatus() {
  const api = useApi();
  const queryClient = useQueryClient();
  useEventStream('tor.status', {}, (status: TorStatus) => {
    const before = queryClient.getQueryData<TorStatus>(torKeys.status);
    queryClient.setQueryData(torKeys.status, status);
    // services show whether they are live in the running Tor
    if (before?.state !== status.state) void queryClient.invalidateQueries({ queryKey: torKeys.services });
  });
  return useQuery({ queryKey: torKeys.status, queryFn: () => api.invoke('tor.status', {}), staleTime: Infinity });
}

/** Recent log lines, followed live. */
export function useTorLogs() {
  const api = useApi();
  const queryClient = useQueryClient();
  useEventStream('tor.log', {}, (line: TorLogLine) => {
    queryClient.setQueryData<TorLogLine[]>(torKeys.logs, (lines) => appendLog(lines, line));
  }, { onResubscribe: () => void queryClient.invalidateQueries({ queryKey: torKeys.logs }) });
  return useQuery({ queryKey: torKeys.logs, queryFn: () => api.invoke('tor.logs', {}), staleTime: Infinity });
}

export function useTorControl() {
  const api = useApi();
  const queryClient = useQueryClient();
  const onStatus = (status: TorStatus) => queryClient.setQueryData(torKeys.status, status);
  const start = useMutation({ mutationFn: () => api.invoke('tor.start', {}), onSuccess: onStatus });
  const stop = useMutation({ mutationFn: () => api.invoke('tor.stop', {}), onSuccess: onStatus });
  return { start, stop };
}

export function useTorSettings() {
  const api = useApi();
  return useQuery({ queryKey: torKeys.settings, queryFn: () => api.invoke('tor.settings.get', {}) });
}

export function useSaveTorSettings() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Parameters<typeof api.invoke<'tor.settings.set'>>[1]) => api.invoke('tor.settings.set', input),
    onSuccess: (saved) => queryClient.setQueryData(torKeys.settings, saved),
  });
}

export function useOnionServices() {
  const api = useApi();
  return useQuery({
    queryKey: torKeys.services,
    queryFn: () => api.invoke('tor.services.list', {}),
    // "Publishing…" turns into "Published" when Tor has uploaded the descriptor: ask again until then
    refetchInterval: (query) => (query.state.data?.some((s) => s.publishing) ? 2_000 : false),
  });
}

function useServiceMutation<I>(run: (input: I) => Promise<OnionService | { removed: string }>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: run, onSettled: () => void queryClient.invalidateQueries({ queryKey: torKeys.services }) });
}

export function usePublishLocal() {
  const api = useApi();
  return useServiceMutation((name: string) => api.invoke('tor.services.publishLocal', { name }));
}

export function useRemoveService() {
  const api = useApi();
  return useServiceMutation((service: string) => api.invoke('tor.services.remove', { service }));
}

export function useAddClient() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { service: string; client: string }) => api.invoke('tor.clients.add', input),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: torKeys.services }),
  });
}

export function useRevokeClient() {
  const api = useApi();
  return useServiceMutation((input: { service: string; client: string }) => api.invoke('tor.clients.revoke', input));
}

export function useInspectPairing() {
  const api = useApi();
  return useMutation({ mutationFn: (bundle: string) => api.invoke('tor.pairing.inspect', { bundle }) });
}

export function useImportPairing() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { bundle: string; name: string }) => api.invoke('tor.pairing.import', input),
    onSuccess: (endpoint) => {
      queryClient.setQueryData<Endpoint[]>(queryKeys.endpoints, (list) => [...(list ?? []).filter((e) => e.name !== endpoint.name), endpoint]);
    },
  });
}

export function useCancelImport() {
  const api = useApi();
  return useMutation({ mutationFn: () => api.invoke('tor.pairing.cancel', {}) });
}
