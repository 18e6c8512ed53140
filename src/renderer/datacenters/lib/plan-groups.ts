import { catalog } from '../../../shared/datacenter/catalog';
import type { ActionKind, PlanAction } from '../../../shared/datacenter/plan';
import type { ComponentKind } from '../../../shared/datacenter/spec';

export type PlanComponent = ComponentKind | 'datacenter';

/** What an action does to the datacenter, for icons, colours and the plan's summary line. */
export type ActionVerb = 'create' | 'change' | 'remove' | 'run';

const verbs: Record<ActionKind, ActionVerb> = {
  'create-project': 'create',
  'create-network': 'create',
  'isolate-network': 'change',
  'create-profile': 'create',
  'create-volume': 'create',
  'create-instance': 'create',
  'update-instance': 'change',
  'start-instance': 'run',
  'install-artifact': 'run',
  'write-config': 'run',
  'enable-service': 'run',
  'wait-healthy': 'run',
  'publish-onion': 'run',
  'publish-wallet-onion': 'run',
  'publish-app-onion': 'run',
  snapshot: 'run',
  'stop-instance': 'remove',
  'move-instance': 'change',
  'delete-instance': 'remove',
  'delete-volume': 'remove',
  'delete-profile': 'remove',
  'delete-network': 'remove',
  'delete-project': 'remove',
};

export function actionVerb(kind: ActionKind): ActionVerb {
  return verbs[kind];
}

export function componentTitle(component: PlanComponent): string {
  return component === 'datacenter' ? 'Datacenter' : catalog[component].title;
}

export function componentSubtitle(component: PlanComponent): string {
  return component === 'datacenter'
    ? 'LXD project, networks and profiles shared by every container'
    : catalog[component].description;
}

export interface PlanGroup {
  component: PlanComponent;
  title: string;
  actions: PlanAction[];
  counts: Record<ActionVerb, number>;
}

function zeroCounts(): Record<ActionVerb, number> {
  return { create: 0, change: 0, remove: 0, run: 0 };
}

/**
 * The plan's actions grouped by component, for a readable review: groups in the order their first
 * action appears (the plan's order: shared objects first when deploying, last when taking down),
 * actions in plan order inside a group.
 */
export function groupPlan(actions: readonly PlanAction[]): PlanGroup[] {
  const groups = new Map<PlanComponent, PlanGroup>();
  for (const action of actions) {
    let group = groups.get(action.component);
    if (group === undefined) {
      group = {
        component: action.component,
        title: componentTitle(action.component),
        actions: [],
        counts: zeroCounts(),
      };
      groups.set(action.component, group);
    }
    group.actions.push(action);
    group.counts[actionVerb(action.kind)] += 1;
  }
  return [...groups.values()];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "14 steps: 6 to create, 1 to change" — what a plan will do, in one line. */
export function summarizePlan(actions: readonly PlanAction[]): string {
  if (actions.length === 0) return 'Nothing to do';
  const counts = zeroCounts();
  for (const a of actions) counts[actionVerb(a.kind)] += 1;
  const parts = [
    counts.create > 0 ? `${counts.create} to create` : '',
    counts.change > 0 ? `${counts.change} to change` : '',
    counts.remove > 0 ? `${counts.remove} to remove` : '',
  ].filter((p) => p !== '');
  return parts.length === 0 ? plural(actions.length, 'step') : `${plural(actions.length, 'step')}: ${parts.join(', ')}`;
}

/** Short summary for a group header, e.g. "2 to create · 3 steps to run". */
export function groupSummary(counts: Record<ActionVerb, number>): string {
  return [
    counts.create > 0 ? `${counts.create} to create` : '',
    counts.change > 0 ? `${counts.change} to change` : '',
    counts.remove > 0 ? `${counts.remove} to remove` : '',
    counts.run > 0 ? `${plural(counts.run, 'step')} to run` : '',
  ]
    .filter((p) => p !== '')
    .join(' · ');
}
