import type { PlanAction } from '../../../shared/datacenter/plan';

/**
 * Whether the plan puts the gateway's recipe torrc back (a new or updated container, or its config
 * files written again: `write-config` pushes the recipe's /etc/tor/torrc, which has none of the
 * onion services). Every onion step (remote access, wallet pairing, app onions) then runs again
 * after it, or the onions would be gone from the gateway's Tor with their records still matching.
 */
export function gatewayTorrcRewritten(planned: readonly PlanAction[], gateway: string): boolean {
  return planned.some((a) => a.target === gateway && (a.kind === 'create-instance' || a.kind === 'update-instance' || a.kind === 'write-config'));
}
