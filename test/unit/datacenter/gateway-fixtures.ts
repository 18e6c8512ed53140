import type { Observed } from '../../../src/main/datacenter/observe';
import type { PlanAction } from '../../../src/shared/datacenter/plan';

/** What the planner observes of a deployed datacenter "home" whose running gateway carries `config`. */
export function gatewayObserved(config: Record<string, string>): Observed {
  return {
    extensions: [],
    project: { exists: true, datacenter: 'home' },
    networks: [],
    profiles: [],
    volumes: [],
    instances: [{ name: 'gateway', statusCode: 103, config }],
    pool: { exists: true },
  };
}

/** A planned action that (re)builds the gateway. */
export const gatewayRebuilt = (kind: 'create-instance' | 'update-instance' | 'write-config'): PlanAction => ({ id: `${kind}:gateway`, kind, component: 'gateway', target: 'gateway', title: 'x' });
