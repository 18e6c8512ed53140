import type { Plan, PlanRemoval } from '../../../shared/datacenter/plan';
import type { PlanComponent } from './plan-groups';

/** What an edit does to a deployed datacenter, per component (issue 12): the review's headline. */
export interface PlanDiff {
  /** components that get a container they do not have */
  added: PlanComponent[];
  /** components whose existing containers are changed, restarted or re-checked */
  changed: PlanComponent[];
  /** components the settings no longer name, with what of them exists */
  removed: PlanRemoval[];
}

export function planDiff(plan: Pick<Plan, 'actions' | 'removals'>): PlanDiff {
  const removed = plan.removals ?? [];
  const gone = new Set<PlanComponent>(removed.map((r) => r.component));
  const order: PlanComponent[] = [];
  for (const a of plan.actions) if (!order.includes(a.component)) order.push(a.component);
  const added = order.filter((c) => c !== 'datacenter' && plan.actions.some((a) => a.component === c && a.kind === 'create-instance'));
  const changed = order.filter((c) => !gone.has(c) && !added.includes(c));
  return { added, changed, removed };
}

/** "Adds Kafka · changes LND · removes btcd", or undefined when nothing changes. */
export function diffHeadline(diff: PlanDiff, title: (c: PlanComponent) => string): string | undefined {
  const part = (verb: string, list: string[]) => (list.length ? `${verb} ${list.join(', ')}` : '');
  const text = [part('adds', diff.added.map(title)), part('changes', diff.changed.map(title)), part('removes', diff.removed.map((r) => r.title))].filter(Boolean).join(' · ');
  return text === '' ? undefined : text.charAt(0).toUpperCase() + text.slice(1);
}
