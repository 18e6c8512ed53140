import { describe, expect, it } from 'vitest';
import type { Instance, InstanceEvent } from '../../../src/shared/instances';
import { applyInstanceEvent, countRunning, ListGap } from '../../../src/renderer/lib/instances';

function inst(name: string, status = 'Running', project = 'default'): Instance {
  return {
    name,
    project,
    type: 'container',
    status,
    statusCode: status === 'Running' ? 103 : 102,
    description: '',
    createdAt: '2030-01-01T00:00:00Z',
    ipv4: [],
    ipv6: [],
    managedByBcm: false,
  };
}

function ev(name: string, instance: Instance | null, project = 'default'): InstanceEvent {
  return { type: 'instance', endpoint: 'local', project, name, action: 'x', instance };
}

describe('applyInstanceEvent', () => {
  it('inserts new instances in order', () => {
    const list = applyInstanceEvent([inst('b')], ev('a', inst('a')));
    expect(list?.map((i) => i.name)).toEqual(['a', 'b']);
  });
  it('replaces the changed instance', () => {
    const list = applyInstanceEvent([inst('a'), inst('b')], ev('a', inst('a', 'Stopped')));
    expect(list?.find((i) => i.name === 'a')?.status).toBe('Stopped');
    expect(list).toHaveLength(2);
    expect(countRunning(list ?? [])).toBe(1);
  });
  it('removes deleted instances, per project', () => {
    const list = applyInstanceEvent([inst('a'), inst('a', 'Running', 'bcm-x')], ev('a', null, 'bcm-x'));
    expect(list).toEqual([inst('a')]);
  });
  it('leaves an unloaded list and connection events alone', () => {
    expect(applyInstanceEvent(undefined, ev('a', inst('a')))).toBeUndefined();
    const list = [inst('a')];
    expect(applyInstanceEvent(list, { type: 'connection', endpoint: 'local', state: 'reconnecting' })).toBe(list);
  });
});

describe('events that arrive while the list is fetched', () => {
  it('are applied when a list is in hand and no fetch runs', () => {
    const gap = new ListGap();
    expect(gap.event(true, false)).toBe(true);
    expect(gap.settled()).toBe(false);
  });

  it('make the list be fetched once more when the fetch in flight settles (the race behind "0 in total")', () => {
    const gap = new ListGap();
    expect(gap.event(false, true)).toBe(false); // no list yet: nothing to apply it to
    expect(gap.settled()).toBe(true); // so list again
    expect(gap.settled()).toBe(false); // once
    expect(gap.event(true, true)).toBe(true); // a refetch runs: applied now, and listed again after
    expect(gap.settled()).toBe(true);
  });
});
