import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ComponentKind } from '../../../shared/datacenter/spec';
import { useApi } from '../../api/context';

/** Snapshots of one datacenter (issue 12): list, take, restore, delete, and how many are kept. */
export const snapshotsKey = (name: string) => ['datacenters', name, 'snapshots'] as const;

export function useSnapshots(name: string, enabled: boolean) {
  const api = useApi();
  return useQuery({ queryKey: snapshotsKey(name), queryFn: () => api.invoke('datacenters.snapshots.list', { name }), enabled });
}

function useSnapshotMutation<I, O>(name: string, run: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: snapshotsKey(name) });
      void queryClient.invalidateQueries({ queryKey: ['datacenters', name] });
    },
  });
}

export function useTakeSnapshot(name: string) {
  const api = useApi();
  return useSnapshotMutation(name, (input: { reason: string; components?: ComponentKind[] }) =>
    api.invoke('datacenters.snapshots.take', { name, reason: input.reason, ...(input.components ? { components: input.components } : {}) }),
  );
}

export function useRestoreSnapshot(name: string) {
  const api = useApi();
  return useSnapshotMutation(name, (input: { snapshot: string; component?: ComponentKind }) =>
    api.invoke('datacenters.snapshots.restore', { name, snapshot: input.snapshot, ...(input.component ? { component: input.component } : {}) }),
  );
}

export function useDeleteSnapshot(name: string) {
  const api = useApi();
  return useSnapshotMutation(name, (snapshot: string) => api.invoke('datacenters.snapshots.delete', { name, snapshot }));
}

export function useSetKeep(name: string) {
  const api = useApi();
  return useSnapshotMutation(name, (keep: number) => api.invoke('datacenters.snapshots.setKeep', { keep }));
}
