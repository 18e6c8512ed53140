import type { walletPairingInvokeChannels } from '../../../shared/channels/wallet-pairing';
import type { WalletPairingService } from '../../datacenter/wallet-onion/service';
import type { Handlers } from '../router';

export interface WalletPairingDeps {
  walletPairing: WalletPairingService;
}

type WalletPairingChannel = keyof typeof walletPairingInvokeChannels;

/** Wallet pairing (issue 13): lnd over the gateway's onion for mobile wallets. */
export function walletPairingHandlers({ walletPairing }: WalletPairingDeps): Pick<Handlers, WalletPairingChannel> {
  return {
    'services.walletPairing.status': ({ name }) => walletPairing.status(name),
    'services.walletPairing.pair': ({ name, wallet, permission, api }) => walletPairing.pair(name, { wallet, permission, api }),
    'services.walletPairing.revoke': ({ name, wallet }) => walletPairing.revoke(name, wallet),
  };
}
