import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../../api/context';
import type { MacaroonPermission } from '../../../../shared/services/lndconnect';

/** Wallet pairing of one datacenter (issue 13): status, pair and revoke. */
export const walletPairingKey = (name: string) => ['services', name, 'wallet-pairing'] as const;

export function useWalletPairing(name: string) {
  const api = useApi();
  return useQuery({
    queryKey: walletPairingKey(name),
    queryFn: () => api.invoke('services.walletPairing.status', { name }),
    // while the gateway's Tor uploads the descriptor, follow it until published
    refetchInterval: (q) => (q.state.data?.ready === true && q.state.data.wallets.length > 0 && !q.state.data.published ? 5_000 : false),
  });
}

export function usePairWallet(name: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { wallet: string; permission: MacaroonPermission; api: 'rest' | 'grpc' }) => api.invoke('services.walletPairing.pair', { name, ...input }),
    onSuccess: (pairing) => queryClient.setQueryData(walletPairingKey(name), pairing.status),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: walletPairingKey(name) }),
  });
}

export function useRevokeWallet(name: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (wallet: string) => api.invoke('services.walletPairing.revoke', { name, wallet }),
    onSuccess: (status) => queryClient.setQueryData(walletPairingKey(name), status),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: walletPairingKey(name) }),
  });
}
