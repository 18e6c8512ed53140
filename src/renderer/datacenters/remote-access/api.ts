import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';

/** Remote access of one datacenter (issue 6): status, add and revoke clients. */
export const remoteAccessKey = (name: string) => ['datacenters', name, 'remote-access'] as const;

export function useRemoteAccess(name: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: remoteAccessKey(name),
    queryFn: () => api.invoke('datacenters.remoteAccess.status', { name }),
    enabled,
    // while the gateway's Tor connects or uploads, follow it until the address is published
    refetchInterval: (q) => (q.state.data?.ready === true && q.state.data.clients.length > 0 && !q.state.data.published ? 5_000 : false),
  });
}

export function useAddRemoteClient(name: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (client: string) => api.invoke('datacenters.remoteAccess.clients.add', { name, client }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: remoteAccessKey(name) }),
  });
}

export function useRevokeRemoteClient(name: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (client: string) => api.invoke('datacenters.remoteAccess.clients.revoke', { name, client }),
    onSuccess: (status) => queryClient.setQueryData(remoteAccessKey(name), status),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: remoteAccessKey(name) }),
  });
}
