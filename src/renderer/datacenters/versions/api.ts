import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';

/** Versions of one datacenter's components (issue 12): installed, wanted, available. */
export const versionsKey = (name: string) => ['datacenters', name, 'versions'] as const;

export function useDatacenterVersions(name: string, options: { enabled: boolean; fast: boolean }) {
  const api = useApi();
  return useQuery({
    queryKey: versionsKey(name),
    queryFn: () => api.invoke('datacenters.versions', { name }),
    enabled: options.enabled,
    // what is installed changes only by a run: poll fast while one goes on
    refetchInterval: options.fast ? 3_000 : 30_000,
    refetchIntervalInBackground: false,
    staleTime: 2_000,
  });
}
