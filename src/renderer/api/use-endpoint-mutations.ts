import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InvokeInput } from '../../shared/contract';
import type { Endpoint } from '../../shared/endpoints';
import { useApi } from './context';
import { queryKeys } from './query-keys';
import { datacenterKeys } from './use-datacenters';

function withEndpoint(list: Endpoint[] | undefined, endpoint: Endpoint): Endpoint[] {
  const rest = (list ?? []).filter((e) => e.name !== endpoint.name);
  return [...rest, endpoint];
}

export function useAddLocalEndpoint() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InvokeInput<'endpoints.addLocal'>) => api.invoke('endpoints.addLocal', input),
    onSuccess: (endpoint) => {
      queryClient.setQueryData<Endpoint[]>(queryKeys.endpoints, (list) => withEndpoint(list, endpoint));
    },
  });
}

export function useProbeRemote() {
  const api = useApi();
  return useMutation({
    mutationFn: (address: string) => api.invoke('endpoints.probeRemote', { address }),
  });
}

export function useAddRemoteEndpoint() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InvokeInput<'endpoints.addRemote'>) => api.invoke('endpoints.addRemote', input),
    onSuccess: (endpoint) => {
      queryClient.setQueryData<Endpoint[]>(queryKeys.endpoints, (list) => withEndpoint(list, endpoint));
    },
  });
}

export function useRemoveEndpoint() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.invoke('endpoints.remove', { name }),
    onSuccess: (_result, name) => {
      queryClient.setQueryData<Endpoint[]>(queryKeys.endpoints, (list) => list?.filter((e) => e.name !== name));
      queryClient.removeQueries({ queryKey: queryKeys.endpointStatus(name) });
      queryClient.removeQueries({ queryKey: queryKeys.instances(name) });
    },
  });
}

/** Evacuates or restores a cluster member (issue 14); the answer is the endpoint's fresh status. */
export function useMemberState() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InvokeInput<'endpoints.memberState'>) => api.invoke('endpoints.memberState', input),
    onSuccess: (status, input) => {
      queryClient.setQueryData(queryKeys.endpointStatus(input.name), status);
      void queryClient.invalidateQueries({ queryKey: datacenterKeys.all });
    },
  });
}
