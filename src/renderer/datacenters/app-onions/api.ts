import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AppOnionPort } from '../../../shared/datacenter/spec';
import { useApi } from '../../api/context';

/** The onion ports a datacenter's apps publish: status, client keys made and revoked. */
export const appOnionsKey = (name: string) => ['datacenters', name, 'app-onions'] as const;

export function useAppOnions(name: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: appOnionsKey(name),
    queryFn: () => api.invoke('datacenters.appOnions.status', { name }),
    enabled,
    // while the gateway's Tor uploads a descriptor, follow it until the address is published
    refetchInterval: (q) => ((q.state.data ?? []).some((o) => o.ready && o.clients.length > 0 && !o.published) ? 5_000 : false),
  });
}

export function useAddAppOnionClient(name: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AppOnionPort & { client: string }) => api.invoke('datacenters.appOnions.clients.add', { name, ...input }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: appOnionsKey(name) }),
  });
}

export function useRevokeAppOnionClient(name: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AppOnionPort & { client: string }) => api.invoke('datacenters.appOnions.clients.revoke', { name, ...input }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: appOnionsKey(name) }),
  });
}
