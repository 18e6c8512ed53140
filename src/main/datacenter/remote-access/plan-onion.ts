import { containersOf } from '../../../shared/datacenter/catalog';
import type { PlanAction } from '../../../shared/datacenter/plan';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import { MARK } from '../naming';
import type { Observed } from '../observe';
import { gatewayTorrcRewritten } from '../gateway-onion/rewritten';

/** What the planner needs to know about remote access (made by main from ~/.bcm and the endpoint). */
export interface RemoteAccessPlanInput {
  /** the `user.bcm.step.onion` record the gateway should carry; undefined when it cannot be made */
  record?: string;
  /** why remote access cannot be set up (e.g. LXD does not listen on the network) */
  blocker?: string;
}

export const ONION_MARK = `${MARK.step}onion`;

/**
 * The `publish-onion` action: after the gateway is healthy (it comes after every container's
 * steps), when the gateway's record differs from the wanted one, or the gateway is (re)created or
 * updated (which may drop its proxy device). With remote access off, a gateway that still carries
 * the record gets the service withdrawn. Pure.
 */
export function planRemoteAccess(spec: DatacenterSpec, observed: Observed, planned: PlanAction[], input: RemoteAccessPlanInput | undefined): { actions: PlanAction[]; blockers: string[] } {
  const gateway = containersOf(spec).find((c) => c.component === 'gateway');
  if (!gateway) return { actions: [], blockers: [] };
  const found = observed.instances.find((i) => i.name === gateway.name);
  const have = found?.config[ONION_MARK];
  const id = `publish-onion:${gateway.name}`;
  if (!spec.remoteAccess) {
    if (!have || !found) return { actions: [], blockers: [] };
    return { actions: [{ id, kind: 'publish-onion', component: 'gateway', target: gateway.name, title: 'Withdraw remote access (remove the onion service from the gateway\'s Tor)' }], blockers: [] };
  }
  if (input?.blocker) return { actions: [], blockers: [input.blocker] };
  const rebuilt = gatewayTorrcRewritten(planned, gateway.name);
  if (have === input?.record && !rebuilt) return { actions: [], blockers: [] };
  return {
    actions: [
      {
        id,
        kind: 'publish-onion',
        component: 'gateway',
        target: gateway.name,
        title: "Publish this server's LXD API as an onion service (gateway's Tor, client authorisation)",
        detail: 'v3 onion service on port 8443 with a key kept in ~/.bcm/secrets; only authorised clients can reach it',
      },
    ],
    blockers: [],
  };
}
