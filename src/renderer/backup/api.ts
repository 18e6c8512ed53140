import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { InvokeInput } from '../../shared/contract';
import type { JobProgress } from '../../shared/channels/store';
import { useApi } from '../api/context';
import { useEventStream } from '../api/use-event-stream';

export const backupKeys = {
  status: ['backup-status'] as const,
  archives: (folder: string | undefined) => ['backup-archives', folder ?? ''] as const,
  history: ['store-history'] as const,
};

export function useBackupStatus(checkChannels: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [...backupKeys.status, checkChannels],
    queryFn: () => api.invoke('backup.status', { checkChannels }),
    refetchInterval: checkChannels ? 60_000 : false,
    staleTime: 10_000,
  });
}

export function useArchives(folder: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: backupKeys.archives(folder),
    queryFn: () => api.invoke('backup.listArchives', folder ? { folder } : {}),
    enabled: folder !== undefined,
  });
}

export function useUpdateBackupSettings() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InvokeInput<'backup.updateSettings'>) => api.invoke('backup.updateSettings', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: backupKeys.status }),
  });
}

/** The progress of one job, from `backup.progress` (filtered by job id). */
export function useJobProgress(jobId: string | null): JobProgress | null {
  const [progress, setProgress] = useState<{ jobId: string; p: JobProgress } | null>(null);
  useEventStream(
    'backup.progress',
    {},
    (p: JobProgress) => {
      if (jobId !== null && p.jobId === jobId) setProgress({ jobId, p });
    },
    { enabled: jobId !== null },
  );
  return progress !== null && progress.jobId === jobId ? progress.p : null;
}

export function useCreateBackup() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InvokeInput<'backup.create'>) => api.invoke('backup.create', input),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: backupKeys.status });
      void queryClient.invalidateQueries({ queryKey: ['backup-archives'] });
      void queryClient.invalidateQueries({ queryKey: backupKeys.history });
    },
  });
}

export function useCancelJob() {
  const api = useApi();
  return useMutation({ mutationFn: (jobId: string) => api.invoke('backup.cancel', { jobId }) });
}

export function useInspectArchive() {
  const api = useApi();
  return useMutation({ mutationFn: (input: InvokeInput<'restore.inspect'>) => api.invoke('restore.inspect', input) });
}

export function useRunRestore() {
  const api = useApi();
  return useMutation({ mutationFn: (input: InvokeInput<'restore.run'>) => api.invoke('restore.run', input) });
}

/**
 * ~/.bcm changed under the app (a restore, a history restore, any commit): every cached list
 * may be stale, so all queries are refetched. Mounted once, in the shell.
 */
export function StoreChangedSync() {
  const queryClient = useQueryClient();
  useEventStream('store.changed', {}, (change) => {
    if (change.reason === 'change') void queryClient.invalidateQueries({ queryKey: backupKeys.history });
    else void queryClient.invalidateQueries();
  });
  return null;
}

export function useGenerateKey() {
  const api = useApi();
  return useMutation({ mutationFn: () => api.invoke('backup.key.generate', {}) });
}

export function useSetKey() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InvokeInput<'backup.key.set'>) => api.invoke('backup.key.set', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: backupKeys.status }),
  });
}

export function useRemoveKey() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.invoke('backup.key.remove', {}),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: backupKeys.status }),
  });
}
