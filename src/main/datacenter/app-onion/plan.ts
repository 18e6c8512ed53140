import { containersOf } from '../../../shared/datacenter/catalog';
import type { PlanAction } from '../../../shared/datacenter/plan';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import type { Observed } from '../observe';
import { appOnionMark, markedAppOnions, type AppOnion } from './files';
import { gatewayTorrcRewritten } from '../gateway-onion/rewritten';

/** What the planner needs of app onions: the wanted ones with the record the gateway should carry. */
export interface AppOnionPlanInput {
  wanted: ReadonlyArray<{ onion: AppOnion; title: string; record: string }>;
}

/**
 * One `publish-app-onion` action per published app port whose record on the gateway differs from
 * the wanted one, or all of them when the gateway is (re)built; one that withdraws each onion the
 * gateway still carries but the spec no longer publishes. After every container's steps. Pure.
 */
export function planAppOnions(spec: DatacenterSpec, observed: Observed, planned: PlanAction[], input: AppOnionPlanInput | undefined): PlanAction[] {
  const gateway = containersOf(spec).find((c) => c.component === 'gateway');
  if (!gateway) return [];
  const found = observed.instances.find((i) => i.name === gateway.name);
  const config = found?.config ?? {};
  const base = { kind: 'publish-app-onion' as const, component: 'gateway' as const, target: gateway.name };
  const rebuilt = gatewayTorrcRewritten(planned, gateway.name);
  const wanted = input?.wanted ?? [];
  const publish = wanted
    .filter((w) => rebuilt || config[appOnionMark(w.onion.id)] !== w.record)
    .map(
      (w): PlanAction => ({
        ...base,
        id: `publish-app-onion:${w.onion.id}`,
        title: `Publish ${w.title}'s port ${w.onion.port} (${w.onion.container}) as an onion service (gateway's Tor, client authorisation)`,
        detail: 'v3 onion service with a key kept in ~/.bcm/secrets; only clients with a key you made can reach it',
      }),
    );
  const withdraw = found
    ? markedAppOnions(config)
        .filter((id) => !wanted.some((w) => w.onion.id === id))
        .map((id): PlanAction => ({ ...base, id: `publish-app-onion:${id}`, title: `Withdraw the app onion ${id} (remove it from the gateway's Tor)` }))
    : [];
  return [...withdraw, ...publish];
}
