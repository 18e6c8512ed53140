import { containersOf } from '../../../shared/datacenter/catalog';
import type { PlanAction } from '../../../shared/datacenter/plan';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import { MARK } from '../naming';
import type { Observed } from '../observe';
import { WALLET_STEP_KEY } from './files';
import { pairingWanted } from './state';
import { gatewayTorrcRewritten } from '../gateway-onion/rewritten';

export const WALLET_MARK = `${MARK.step}${WALLET_STEP_KEY}`;

/**
 * The `publish-wallet-onion` action, after every container's steps (lnd has restarted with the
 * onion in its certificate by then): when the gateway's record differs from the wanted one, or the
 * gateway was (re)built. With pairing off, a gateway that still carries the record gets the
 * service withdrawn. Pure.
 */
export function planWalletPairing(spec: DatacenterSpec, observed: Observed, planned: PlanAction[], record: string | undefined): PlanAction[] {
  const gateway = containersOf(spec).find((c) => c.component === 'gateway');
  if (!gateway) return [];
  const found = observed.instances.find((i) => i.name === gateway.name);
  const have = found?.config[WALLET_MARK];
  const base = { id: `publish-wallet-onion:${gateway.name}`, kind: 'publish-wallet-onion' as const, component: 'gateway' as const, target: gateway.name };
  if (!pairingWanted(spec)) {
    return have && found ? [{ ...base, title: "Withdraw wallet pairing (remove lnd's onion service from the gateway's Tor)" }] : [];
  }
  const rebuilt = gatewayTorrcRewritten(planned, gateway.name);
  if (record !== undefined && have === record && !rebuilt) return [];
  return [
    {
      ...base,
      title: "Publish lnd and the node's RPC as an onion service for mobile wallets (gateway's Tor, client authorisation)",
      detail: 'v3 onion service with a key kept in ~/.bcm/secrets; only paired wallets can reach it, and lnd’s certificate names it',
    },
  ];
}
