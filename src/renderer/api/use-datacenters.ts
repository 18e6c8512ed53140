import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InvokeInput } from '../../shared/contract';
import type { ComponentKind, DatacenterSpec } from '../../shared/datacenter/spec';
import { useApi } from './context';
import { useEventStream } from './use-event-stream';

export const datacenterKeys = {
  all: ['datacenters'] as const,
  list: ['datacenters', 'list'] as const,
  spec: (name: string) => ['datacenters', 'spec', name] as const,
  status: (name: string) => ['datacenters', 'status', name] as const,
  plan: (name: string, operation: 'apply' | 'down', keepData: boolean) =>
    ['datacenters', 'plan', name, operation, keepData] as const,
  run: (name: string) => ['datacenters', 'run', name] as const,
  planChange: (spec: string, deleteData: readonly string[]) => ['datacenters', 'planChange', spec, [...deleteData].sort().join(',')] as const,
  validate: (draft: string) => ['datacenters', 'validate', draft] as const,
};

function withSpec(list: DatacenterSpec[] | undefined, spec: DatacenterSpec): DatacenterSpec[] {
  return [...(list ?? []).filter((s) => s.name !== spec.name), spec].sort((a, b) => a.name.localeCompare(b.name));
}

export function useDatacenters() {
  const api = useApi();
  return useQuery({
    queryKey: datacenterKeys.list,
    queryFn: () => api.invoke('datacenters.list', {}),
    // `datacenters.changed` reports changes only while a screen listens: read afresh on mount
    staleTime: 0,
  });
}

/** Keeps the cached list in step with `datacenters.changed`. Mount once per screen. */
export function useDatacentersSync(): void {
  const queryClient = useQueryClient();
  useEventStream(
    'datacenters.changed',
    {},
    (list) => {
      queryClient.setQueryData(datacenterKeys.list, list);
      for (const spec of list) queryClient.setQueryData(datacenterKeys.spec(spec.name), spec);
    },
    { onResubscribe: () => void queryClient.invalidateQueries({ queryKey: datacenterKeys.list }) },
  );
}

export function useDatacenter(name: string) {
  const api = useApi();
  return useQuery({
    queryKey: datacenterKeys.spec(name),
    queryFn: () => api.invoke('datacenters.get', { name }),
    staleTime: 60_000,
  });
}

const STATUS_EVERY_MS = 10_000;

export function useDatacenterStatus(name: string, options: { enabled?: boolean; fast?: boolean } = {}) {
  const api = useApi();
  return useQuery({
    queryKey: datacenterKeys.status(name),
    queryFn: () => api.invoke('datacenters.status', { name }),
    enabled: options.enabled ?? true,
    refetchInterval: options.fast ? 3_000 : STATUS_EVERY_MS,
    refetchIntervalInBackground: false,
    staleTime: 2_000,
  });
}

/** Status of several datacenters at once (the list page). */
export function useDatacenterStatuses(names: readonly string[]) {
  const api = useApi();
  return useQueries({
    queries: names.map((name) => ({
      queryKey: datacenterKeys.status(name),
      queryFn: () => api.invoke('datacenters.status', { name }),
      refetchInterval: STATUS_EVERY_MS,
      refetchIntervalInBackground: false,
      staleTime: 2_000,
    })),
  });
}

export function usePlan(
  name: string,
  operation: 'apply' | 'down',
  options: { enabled?: boolean; keepData?: boolean } = {},
) {
  const api = useApi();
  const keepData = options.keepData ?? true;
  return useQuery({
    queryKey: datacenterKeys.plan(name, operation, keepData),
    queryFn: () => api.invoke('datacenters.plan', { name, operation, keepData }),
    enabled: options.enabled ?? true,
    // a plan reflects LXD as it is now: always ask again when shown
    staleTime: 0,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
}

/** Checks a draft spec (debounced by the caller through `draftKey`). */
export function useValidateSpec(draft: unknown, draftKey: string) {
  const api = useApi();
  return useQuery({
    queryKey: datacenterKeys.validate(draftKey),
    queryFn: () => api.invoke('datacenters.validate', { spec: draft }),
    staleTime: Infinity,
    gcTime: 30_000,
    placeholderData: (previous) => previous,
    refetchOnWindowFocus: false,
  });
}

/** The plan for edited settings of a saved datacenter, before they are saved (issue 12). */
export function usePlanChange(spec: DatacenterSpec, deleteData: readonly ComponentKind[]) {
  const api = useApi();
  const key = JSON.stringify(spec);
  return useQuery({
    queryKey: datacenterKeys.planChange(key, deleteData),
    queryFn: () => api.invoke('datacenters.planChange', { spec, deleteData: [...deleteData] }),
    staleTime: 0,
    gcTime: 0,
    refetchOnWindowFocus: false,
    // a different choice of data to delete keeps the last plan on screen until the new one is in
    placeholderData: (previous) => previous,
  });
}

export function useSaveSpec() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InvokeInput<'datacenters.save'>) => api.invoke('datacenters.save', input),
    onSuccess: (spec) => {
      queryClient.setQueryData<DatacenterSpec[]>(datacenterKeys.list, (list) => withSpec(list, spec));
      queryClient.setQueryData(datacenterKeys.spec(spec.name), spec);
    },
  });
}

export function useForget() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.invoke('datacenters.forget', { name }),
    onSuccess: (_result, name) => {
      queryClient.setQueryData<DatacenterSpec[]>(datacenterKeys.list, (list) => list?.filter((s) => s.name !== name));
      queryClient.removeQueries({ queryKey: datacenterKeys.spec(name) });
      queryClient.removeQueries({ queryKey: datacenterKeys.status(name) });
      queryClient.removeQueries({ queryKey: datacenterKeys.run(name) });
    },
  });
}

/** Starts apply or down; the run itself is followed with `useDatacenterRun`. */
export function useStartRun() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      input:
        | { operation: 'apply'; name: string; deleteData?: ComponentKind[] }
        | { operation: 'down'; name: string; confirm: string; keepData: boolean },
    ) =>
      input.operation === 'apply'
        ? api.invoke('datacenters.apply', { name: input.name, deleteData: input.deleteData ?? [] })
        : api.invoke('datacenters.down', { name: input.name, confirm: input.confirm, keepData: input.keepData }),
    onSuccess: (_result, input) => {
      // the replayed snapshot of the new run replaces whatever was cached
      void queryClient.invalidateQueries({ queryKey: datacenterKeys.run(input.name) });
    },
  });
}

export function useCancelRun() {
  const api = useApi();
  return useMutation({ mutationFn: (name: string) => api.invoke('datacenters.cancel', { name }) });
}

/** The installed app manifests (issue 14): valid ones to offer, invalid ones with their errors. */
export function useApps() {
  const api = useApi();
  return useQuery({
    queryKey: ['datacenters', 'apps'] as const,
    queryFn: () => api.invoke('datacenters.apps', {}),
    // a user drops manifests into ~/.bcm/apps by hand: read afresh when the wizard opens
    staleTime: 0,
  });
}
