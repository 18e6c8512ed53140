import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { InvokeInput } from '../../shared/contract';
import type { LightningComponent } from '../../shared/services/common';
import { useApi } from '../api/context';
import { useEventStream } from '../api/use-event-stream';

export const serviceKeys = {
  all: ['services'] as const,
  node: (dc: string) => ['services', dc, 'node'] as const,
  lightning: (dc: string, component: LightningComponent) => ['services', dc, 'lightning', component] as const,
  datacenter: (dc: string) => ['services', dc] as const,
};

/** Modest polling; pushes (new blocks) refresh at once. */
export const NODE_EVERY_MS = 15_000;
export const LIGHTNING_EVERY_MS = 15_000;

export function useNodeSnapshot(datacenter: string) {
  const api = useApi();
  return useQuery({
    queryKey: serviceKeys.node(datacenter),
    queryFn: () => api.invoke('services.node', { datacenter }),
    refetchInterval: NODE_EVERY_MS,
    refetchIntervalInBackground: false,
    staleTime: 2_000,
  });
}

export function useLightningSnapshot(datacenter: string, component: LightningComponent, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: serviceKeys.lightning(datacenter, component),
    queryFn: () => api.invoke('services.lightning', { datacenter, component }),
    refetchInterval: LIGHTNING_EVERY_MS,
    refetchIntervalInBackground: false,
    staleTime: 2_000,
    enabled,
  });
}

/** Refreshes the datacenter's dashboards when its node connects a block (or something else is pushed). */
export function useServiceEvents(datacenter: string): { watching: boolean; message: string | null } {
  const queryClient = useQueryClient();
  const [watch, setWatch] = useState<{ watching: boolean; message: string | null }>({ watching: false, message: null });
  useEventStream(
    'services.events',
    { datacenter },
    (event) => {
      if (event.type === 'watch') setWatch({ watching: event.state === 'watching', message: event.message ?? null });
      else void queryClient.invalidateQueries({ queryKey: serviceKeys.datacenter(datacenter) });
    },
    { onResubscribe: () => void queryClient.invalidateQueries({ queryKey: serviceKeys.datacenter(datacenter) }) },
  );
  return watch;
}

export function useMine(datacenter: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (blocks: number) => api.invoke('services.node.mine', { datacenter, blocks }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: serviceKeys.datacenter(datacenter) }),
  });
}

export function useCreateInvoice() {
  const api = useApi();
  return useMutation({ mutationFn: (input: InvokeInput<'services.lightning.invoice'>) => api.invoke('services.lightning.invoice', input) });
}

export function useConnectInfo() {
  const api = useApi();
  return useMutation({ mutationFn: (datacenter: string) => api.invoke('services.lightning.connect', { datacenter, component: 'lnd' }) });
}

export function useUnlock(datacenter: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ password, autoUnlock }: { password: string; autoUnlock: boolean }) => api.invoke('services.lightning.unlock', { datacenter, component: 'lnd', password, autoUnlock }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: serviceKeys.datacenter(datacenter) }),
  });
}

/** lnd: can a wallet be made, a channel backup to restore with, auto-unlock on or off */
export function useWalletSetup(datacenter: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [...serviceKeys.lightning(datacenter, 'lnd'), 'wallet'],
    queryFn: () => api.invoke('services.lightning.wallet', { datacenter, component: 'lnd' }),
    enabled,
    staleTime: 5_000,
  });
}

/** A new seed: the words live only in this mutation's result (reset when the dialog closes). */
export function useGenSeed(datacenter: string) {
  const api = useApi();
  return useMutation({ mutationFn: (seedPassphrase: string) => api.invoke('services.lightning.genseed', { datacenter, component: 'lnd', seedPassphrase }) });
}

export function useInitWallet(datacenter: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<InvokeInput<'services.lightning.initwallet'>, 'datacenter' | 'component'>) => api.invoke('services.lightning.initwallet', { datacenter, component: 'lnd', ...input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: serviceKeys.datacenter(datacenter) }),
  });
}

export function useAutoUnlockOff(datacenter: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.invoke('services.lightning.autounlock.off', { datacenter, component: 'lnd' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: serviceKeys.datacenter(datacenter) }),
  });
}

/** When a fetch has been running for more than `afterMs`: the time it started (for "not responding since …"). */
export function useSlowSince(isFetching: boolean, afterMs = 6_000): Date | null {
  const [slowSince, setSlowSince] = useState<Date | null>(null);
  useEffect(() => {
    if (!isFetching) return undefined;
    const started = new Date();
    const timer = setTimeout(() => setSlowSince(started), afterMs);
    return () => {
      clearTimeout(timer);
      setSlowSince(null);
    };
  }, [isFetching, afterMs]);
  return isFetching ? slowSince : null;
}
