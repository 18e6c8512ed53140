import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { LaunchProgress, VmRequest } from '../../shared/channels/multipass';
import type { Endpoint } from '../../shared/endpoints';
import { useApi } from '../api/context';
import { queryKeys } from '../api/query-keys';
import { useEventStream } from '../api/use-event-stream';

export const multipassKeys = {
  detect: ['multipass-detect'] as const,
  forEndpoint: (endpoint: string) => ['multipass-for-endpoint', endpoint] as const,
  info: (name: string) => ['multipass-info', name] as const,
  jobs: ['multipass-jobs'] as const,
};

/** Launches under way in main (a page reloaded mid-launch picks its launch up again). */
export function useLaunchJobs(enabled: boolean) {
  const api = useApi();
  return useQuery({ queryKey: multipassKeys.jobs, queryFn: () => api.invoke('multipass.jobs', {}), enabled, staleTime: 0 });
}

export function useMultipassDetection(enabled: boolean) {
  const api = useApi();
  return useQuery({ queryKey: multipassKeys.detect, queryFn: () => api.invoke('multipass.detect', {}), enabled, staleTime: 15_000 });
}

/** The BCM VM behind an endpoint, or null (most endpoints are not VMs). */
export function useVmForEndpoint(endpoint: string) {
  const api = useApi();
  return useQuery({ queryKey: multipassKeys.forEndpoint(endpoint), queryFn: () => api.invoke('multipass.forEndpoint', { endpoint }), staleTime: 30_000 });
}

export function useVmInfo(name: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: multipassKeys.info(name ?? ''),
    queryFn: () => api.invoke('multipass.info', { name: name ?? '' }),
    enabled: name !== undefined,
    refetchInterval: 10_000,
    refetchIntervalInBackground: false,
    retry: false,
  });
}

export function useSetVmState(name: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: 'start' | 'stop') => api.invoke('multipass.setState', { name, action }),
    onSuccess: (info) => queryClient.setQueryData(multipassKeys.info(name), info),
  });
}

export function useDeleteVm() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.invoke('multipass.delete', { name, confirm: name }),
    onSuccess: ({ endpointRemoved }) => {
      if (endpointRemoved === null) return;
      queryClient.setQueryData<Endpoint[]>(queryKeys.endpoints, (list) => list?.filter((e) => e.name !== endpointRemoved));
      queryClient.removeQueries({ queryKey: multipassKeys.forEndpoint(endpointRemoved) });
      queryClient.removeQueries({ queryKey: queryKeys.endpointStatus(endpointRemoved) });
    },
  });
}

export function useCreateVm() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: VmRequest & { jobId: string }) => api.invoke('multipass.create', input),
    onSuccess: ({ endpoint, vm }) => {
      queryClient.setQueryData<Endpoint[]>(queryKeys.endpoints, (list) => [...(list ?? []).filter((e) => e.name !== endpoint.name), endpoint]);
      queryClient.setQueryData(multipassKeys.forEndpoint(endpoint.name), vm);
    },
  });
}

export function useCancelLaunch() {
  const api = useApi();
  return useMutation({ mutationFn: (jobId: string) => api.invoke('multipass.cancel', { jobId }) });
}

/** The progress events of one launch, from `multipass.progress` (filtered by job id). */
export function useLaunchProgress(jobId: string | null): LaunchProgress[] {
  const [state, setState] = useState<{ jobId: string | null; events: LaunchProgress[] }>({ jobId, events: [] });
  useEventStream(
    'multipass.progress',
    {},
    (p: LaunchProgress) => {
      if (jobId === null || p.jobId !== jobId) return;
      setState((s) => {
        const events = s.jobId === jobId ? [...s.events] : [];
        const last = events[events.length - 1];
        // a run of download percentages: keep only the newest
        if (last && last.step === p.step && last.percent !== undefined && p.percent !== undefined) events.pop();
        events.push(p);
        return { jobId, events };
      });
    },
    { enabled: jobId !== null },
  );
  return state.jobId === jobId ? state.events : [];
}
