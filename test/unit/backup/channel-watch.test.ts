// The channel watcher (issue 13): one stream per datacenter with lnd while the switch is on,
// reopened with back-off when it ends or fails, all closed when the switch goes off.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChannelWatcher, reconnectDelayMs } from '../../../src/main/backup/channel-watch';

describe('the channel watcher', () => {
  afterEach(() => vi.useRealTimers());

  it('backs off 2, 4, 8 … up to 60 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(reconnectDelayMs)).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('follows the switch and the datacenters, reports each stream, passes changes on, reopens a failed stream', async () => {
    vi.useFakeTimers();
    let enabled = true;
    let targets = ['a', 'b'];
    const changed: string[] = [];
    const opened: string[] = [];
    const aborted: string[] = [];
    let failB = true;
    const watch = new ChannelWatcher({
      enabled: async () => enabled,
      targets: async () => targets,
      changed: (dc) => changed.push(dc),
      opened: (dc) => opened.push(dc),
      subscribe: (dc, onOpen, onChange, signal) =>
        new Promise<void>((resolve, reject) => {
          if (dc === 'b' && failB) {
            failB = false;
            return reject(new Error('lnd is not reachable.'));
          }
          onOpen();
          onChange();
          signal.addEventListener('abort', () => {
            aborted.push(dc);
            resolve();
          });
        }),
    });
    await watch.reconcile();
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.view()).toEqual([
      expect.objectContaining({ datacenter: 'a', state: 'watching' }),
      expect.objectContaining({ datacenter: 'b', state: 'reconnecting', message: 'lnd is not reachable. Trying again.' }),
    ]);
    await vi.advanceTimersByTimeAsync(2000); // b's second try
    expect(watch.view().map((w) => w.state)).toEqual(['watching', 'watching']);
    expect(changed.sort()).toEqual(['a', 'b']);
    expect(opened.sort()).toEqual(['a', 'b']); // each open checks what changed while nobody listened
    targets = ['b'];
    await watch.reconcile();
    expect(aborted).toEqual(['a']);
    expect(watch.view().map((w) => w.datacenter)).toEqual(['b']);
    enabled = false;
    await watch.reconcile();
    expect(aborted).toEqual(['a', 'b']);
    expect(watch.view()).toEqual([]);
    watch.stop();
  });

  it('polls the nodes without a stream (Core Lightning) while the switch is on, at most every pollMs', async () => {
    let enabled = false;
    let polls = 0;
    const watch = new ChannelWatcher({
      enabled: async () => enabled,
      targets: async () => [],
      changed: () => undefined,
      subscribe: async () => undefined,
      poll: async () => void polls++,
      pollMs: 60_000,
    });
    await watch.reconcile();
    expect(polls).toBe(0);
    enabled = true;
    await watch.reconcile();
    await watch.reconcile(); // within the minute: not again
    expect(polls).toBe(1);
    watch.stop();
  });
});
