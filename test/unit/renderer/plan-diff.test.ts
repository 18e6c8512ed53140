import { describe, expect, it } from 'vitest';
import type { PlanAction } from '../../../src/shared/datacenter/plan';
import { diffHeadline, planDiff } from '../../../src/renderer/datacenters/lib/plan-diff';
import { componentTitle } from '../../../src/renderer/datacenters/lib/plan-groups';

const a = (kind: PlanAction['kind'], component: PlanAction['component'], target: string): PlanAction => ({ id: `${kind}:${target}`, kind, component, target, title: target });

describe('the diff of an edit', () => {
  it('sorts components into added, changed and removed, in plan order', () => {
    const diff = planDiff({
      actions: [a('stop-instance', 'btcd', 'btcd'), a('delete-instance', 'btcd', 'btcd'), a('create-instance', 'bitcoind', 'bitcoind'), a('write-config', 'lnd', 'lnd'), a('isolate-network', 'datacenter', 'br')],
      removals: [{ component: 'btcd', title: 'btcd', containers: ['btcd'], volumes: ['btcd-data'], deleteData: false }],
    });
    expect(diff.added).toEqual(['bitcoind']);
    expect(diff.changed).toEqual(['lnd', 'datacenter']);
    expect(diff.removed.map((r) => r.component)).toEqual(['btcd']);
    expect(diffHeadline(diff, componentTitle)).toBe('Adds Bitcoin Core · changes LND, Datacenter · removes btcd');
  });

  it('says nothing when nothing changes', () => {
    expect(diffHeadline(planDiff({ actions: [] }), componentTitle)).toBeUndefined();
  });

  it('a component removed earlier with its data kept still shows, with no action', () => {
    const diff = planDiff({ actions: [], removals: [{ component: 'kafka', title: 'Kafka', containers: [], volumes: ['kafka-01-data'], deleteData: false }] });
    expect(diff.removed).toHaveLength(1);
    expect(diff.changed).toEqual([]);
  });
});
