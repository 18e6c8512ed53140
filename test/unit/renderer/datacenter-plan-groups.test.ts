import { describe, expect, it } from 'vitest';
import type { PlanAction } from '../../../src/shared/datacenter/plan';
import { actionVerb, groupPlan, groupSummary, summarizePlan } from '../../../src/renderer/datacenters/lib/plan-groups';

const a = (id: string, kind: PlanAction['kind'], component: PlanAction['component']): PlanAction => ({
  id,
  kind,
  component,
  target: id,
  title: id,
});

describe('groupPlan', () => {
  const actions = [
    a('gw', 'create-instance', 'gateway'),
    a('proj', 'create-project', 'datacenter'),
    a('btcd', 'create-instance', 'btcd'),
    a('gw-start', 'start-instance', 'gateway'),
    a('net', 'create-network', 'datacenter'),
    a('lnd-cfg', 'write-config', 'lnd'),
  ];

  it('orders groups by their first action and keeps action order inside a group', () => {
    const groups = groupPlan(actions);
    expect(groups.map((g) => g.component)).toEqual(['gateway', 'datacenter', 'btcd', 'lnd']);
    expect(groups[1]?.actions.map((x) => x.id)).toEqual(['proj', 'net']);
    expect(groups[0]?.actions.map((x) => x.id)).toEqual(['gw', 'gw-start']);
    expect(groups.map((g) => g.title)).toEqual(['Gateway', 'Datacenter', 'btcd', 'LND']);
  });

  it('counts what each group does', () => {
    const gateway = groupPlan(actions)[0];
    expect(gateway?.counts).toEqual({ create: 1, change: 0, remove: 0, run: 1 });
    expect(groupSummary(gateway?.counts ?? { create: 0, change: 0, remove: 0, run: 0 })).toBe(
      '1 to create · 1 step to run',
    );
    expect(groupPlan([])).toEqual([]);
  });
});

describe('summaries', () => {
  it('says what a plan does in one line', () => {
    expect(summarizePlan([])).toBe('Nothing to do');
    expect(summarizePlan([a('x', 'create-instance', 'gateway'), a('y', 'delete-volume', 'lnd')])).toBe(
      '2 steps: 1 to create, 1 to remove',
    );
    expect(summarizePlan([a('x', 'wait-healthy', 'gateway')])).toBe('1 step');
  });

  it('maps every kind to a verb', () => {
    expect(actionVerb('delete-project')).toBe('remove');
    expect(actionVerb('update-instance')).toBe('change');
    expect(actionVerb('install-artifact')).toBe('run');
    expect(actionVerb('write-config')).toBe('run');
    expect(actionVerb('create-volume')).toBe('create');
  });
});
