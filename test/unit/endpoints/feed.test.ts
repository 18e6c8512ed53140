import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADDRESS_FOLLOW_UP_MS, InstanceFeed } from '../../../src/main/endpoints/feed';
import type { Instance, InstanceEvent } from '../../../src/shared/instances';
import type { LxdEvent } from '../../../src/main/lxd/api';

const base: Instance = {
  name: 'c1',
  project: 'default',
  type: 'container',
  status: 'Running',
  statusCode: 103,
  description: '',
  createdAt: '2026-11-21T00:00:00Z',
  ipv4: [],
  ipv6: [],
  managedByBcm: false,
};
const lifecycle = (action: string, source = '/1.0/instances/c1'): LxdEvent => ({
  type: 'lifecycle',
  timestamp: '2026-11-21T00:00:00Z',
  project: 'default',
  metadata: { action, source },
});

describe('InstanceFeed', () => {
  let events: InstanceEvent[];
  beforeEach(() => {
    vi.useFakeTimers();
    events = [];
  });
  afterEach(() => vi.useRealTimers());

  function feedReading(answers: Instance[]): { feed: InstanceFeed; reads: () => number } {
    let n = 0;
    const feed = new InstanceFeed('local', async () => answers[Math.min(n++, answers.length - 1)] as Instance);
    feed.streams.add({ emit: (e) => events.push(e), fail: () => undefined });
    return { feed, reads: () => n };
  }

  it('reads a started instance again until its DHCP address arrives, then says so once', async () => {
    const { feed, reads } = feedReading([base, base, { ...base, ipv4: ['10.0.0.5'] }]);
    feed.onLxdEvent(lifecycle('instance-started'));
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual([{ type: 'instance', endpoint: 'local', project: 'default', name: 'c1', action: 'instance-started', instance: base }]);
    await vi.advanceTimersByTimeAsync(ADDRESS_FOLLOW_UP_MS[0]!); // still none: no event
    expect(events).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(ADDRESS_FOLLOW_UP_MS[1]!);
    expect(events.at(-1)).toMatchObject({ action: 'instance-address', instance: { ipv4: ['10.0.0.5'] } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(reads()).toBe(3);
    expect(events).toHaveLength(2);
  });

  it('gives up after the last follow-up and reports the instance as it is', async () => {
    const { feed, reads } = feedReading([base]);
    feed.onLxdEvent(lifecycle('instance-started'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(reads()).toBe(1 + ADDRESS_FOLLOW_UP_MS.length);
    expect(events.map((e) => e.type === 'instance' && e.action)).toEqual(['instance-started', 'instance-address']);
  });

  it('passes deletions through without reading, and ignores other lifecycle events', async () => {
    const { feed, reads } = feedReading([base]);
    feed.onLxdEvent(lifecycle('instance-deleted'));
    feed.onLxdEvent(lifecycle('network-updated', '/1.0/networks/lxdbr0'));
    feed.onLxdEvent(lifecycle('instance-snapshot-created', '/1.0/instances/c1/snapshots/s0'));
    await vi.advanceTimersByTimeAsync(10);
    expect(reads()).toBe(0);
    expect(events).toEqual([{ type: 'instance', endpoint: 'local', project: 'default', name: 'c1', action: 'instance-deleted', instance: null }]);
  });

  it('stops following up once closed', async () => {
    const { feed, reads } = feedReading([base]);
    const stopped = vi.fn();
    feed.attach(stopped);
    feed.onLxdEvent(lifecycle('instance-started'));
    await vi.advanceTimersByTimeAsync(0);
    feed.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(reads()).toBe(1);
    expect(stopped).toHaveBeenCalledOnce();
  });
});
