import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { backupKeys } from '../backup/api';

export function useStoreHistory() {
  const api = useApi();
  return useQuery({ queryKey: backupKeys.history, queryFn: () => api.invoke('history.list', {}), staleTime: 5_000 });
}

export function useFileAt(oid: string | null, path: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['store-file-at', oid, path],
    queryFn: () => api.invoke('history.fileAt', { oid: oid ?? '', path: path ?? '' }),
    enabled: oid !== null && path !== null,
    staleTime: Infinity,
  });
}

/** Both restores: afterwards everything may have changed (endpoints, datacenters), so refetch all. */
export function useRestoreFromHistory() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { oid: string; path?: string }) =>
      input.path !== undefined ? api.invoke('history.restoreFile', { oid: input.oid, path: input.path }) : api.invoke('history.restoreAll', { oid: input.oid }),
    onSuccess: () => void queryClient.invalidateQueries(),
  });
}
