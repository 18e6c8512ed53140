import { containersOf } from '../../shared/datacenter/catalog';
import type { PreflightCheck } from '../../shared/datacenter/plan';
import { placeContainers, type Placement } from '../../shared/datacenter/placement';
import type { DatacenterSpec } from '../../shared/datacenter/spec';
import type { ObservedCluster } from './observe';

export interface PlannedPlacement {
  placements: Placement[];
  blockers: string[];
  /** the warnings, as pre-flight checks the plan shows */
  checks: PreflightCheck[];
  of(container: string): Placement | undefined;
}

/** Placement of a spec's containers on the members of the cluster its endpoint is (issue 14). Pure. */
export function planPlacement(spec: DatacenterSpec, cluster: ObservedCluster): PlannedPlacement {
  const result = placeContainers({
    containers: containersOf(spec).map((c) => ({ name: c.name, component: c.component, size: c.size })),
    members: cluster.members,
    chosen: spec.placement,
    current: cluster.locations,
  });
  const checks: PreflightCheck[] = result.warnings.map((detail, i) => ({ id: `placement-${i}`, title: 'Room on the members', state: 'warn', detail }));
  const online = cluster.members.filter((m) => m.status === 'Online').length;
  checks.unshift({
    id: 'placement',
    title: 'Placement on the cluster',
    state: result.blockers.length ? 'fail' : 'ok',
    detail: result.blockers.length ? result.blockers.join(' ') : `${online} of ${cluster.members.length} members take containers; ${result.placements.map((p) => `${p.container} ${p.from ? `${p.from} → ${p.member}` : `on ${p.member}`}`).join(', ')}.`,
  });
  return { ...result, checks, of: (container) => result.placements.find((p) => p.container === container) };
}
