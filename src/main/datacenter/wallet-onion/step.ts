import { BcmError } from '../../../shared/errors';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import type { LxdClient } from '../../lxd';
import { namesFor } from '../naming';
import type { StepReporter } from '../runner';
import { applyGatewayOnion, withdrawGatewayOnion } from '../remote-access/gateway-onion';
import { pairingWanted, walletSlot, type WalletPairingContext } from './state';

/** The `publish-wallet-onion` step: install the wallet service on the gateway (pairing on) or withdraw it. */
export async function publishWalletOnionStep(client: LxdClient, spec: DatacenterSpec, gateway: string, context: WalletPairingContext | undefined, report: StepReporter): Promise<void> {
  const target = { client, project: namesFor(spec.name).project, instance: gateway, report };
  if (!context) throw new BcmError('INTERNAL', 'Wallet pairing was planned without its settings.');
  if (!pairingWanted(spec)) return withdrawGatewayOnion(target, context.withoutWallet, walletSlot(spec));
  if (!context.state) throw new BcmError('INTERNAL', 'The wallet onion key was not made with the datacenter’s secrets. Plan again.');
  return applyGatewayOnion(target, context.state, walletSlot(spec));
}
