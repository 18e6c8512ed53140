import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ControlEvent } from '../../../src/main/tor/control/protocol';
import { PublicationWatch, publicationStep, torReadyToPublish, type PublicationPolicy } from '../../../src/main/tor/onion-publication';

// the watch's own interval never fires here (tickMs beyond every advance): each test ticks by hand
const policy: PublicationPolicy = { uploadDeadlineMs: 60_000, tickMs: 2_000_000_000, maxRepublishes: 2, readyWaitMs: 0 };
const fresh = { uploaded: false, readyMs: 0, republishes: 0 };

describe('the publication policy', () => {
  it('counts only the time Tor is ready, and adds again once that passes the deadline', () => {
    let s = publicationStep(fresh, true, 50_000, policy);
    expect(s).toEqual({ state: { ...fresh, readyMs: 50_000 }, step: 'wait' });
    s = publicationStep(s.state, false, 30_000, policy); // Tor lost its directory info: start over
    expect(s).toEqual({ state: { ...fresh, readyMs: 0 }, step: 'wait' });
    s = publicationStep(s.state, true, 60_000, policy);
    expect(s).toEqual({ state: { uploaded: false, readyMs: 0, republishes: 1 }, step: 'republish' });
  });

  it('gives up after the allowed re-adds, and is done once uploaded', () => {
    expect(publicationStep({ uploaded: false, readyMs: 0, republishes: 2 }, true, 60_000, policy).step).toBe('give-up');
    expect(publicationStep({ uploaded: true, readyMs: 0, republishes: 2 }, true, 60_000, policy).step).toBe('done');
  });
});

/** A control connection whose readiness and HS_DESC events the test decides. */
class ScriptedControl {
  ready = true;
  handler: ((e: ControlEvent) => void) | undefined;
  async getInfo(...keys: string[]): Promise<Record<string, string>> {
    return Object.fromEntries(keys.map((k) => [k, this.ready ? '1' : '0']));
  }
  async on(_type: string, handler: (e: ControlEvent) => void): Promise<() => void> {
    this.handler = handler;
    return () => (this.handler = undefined);
  }
  emit(body: string): void {
    this.handler?.({ type: 'HS_DESC', body, more: [] });
  }
}

describe('the publication watch', () => {
  let control: ScriptedControl;
  let republished: string[];
  let gaveUp: string[];
  let watch: PublicationWatch;

  beforeEach(async () => {
    vi.useFakeTimers();
    control = new ScriptedControl();
    republished = [];
    gaveUp = [];
    watch = new PublicationWatch(control, async (id) => {
      republished.push(id);
      watch.removed(id);
      watch.added(id);
    }, policy, (id) => gaveUp.push(id));
    await watch.start();
  });
  afterEach(() => {
    watch.stop();
    vi.useRealTimers();
  });

  const wait = async (ms: number): Promise<void> => {
    vi.advanceTimersByTime(ms);
    await watch.tickNow();
  };

  it('adds a service again when Tor stays ready without uploading it, and stops once it is uploaded', async () => {
    watch.added('svc');
    await wait(30_000);
    expect(republished).toEqual([]);
    await wait(31_000);
    expect(republished).toEqual(['svc']);
    control.emit('UPLOADED svc UNKNOWN $AAAA~relay');
    expect(watch.uploaded('svc')).toBe(true);
    await wait(120_000);
    expect(republished).toEqual(['svc']);
  });

  it('does not count the time Tor is not ready to publish', async () => {
    control.ready = false;
    watch.added('svc');
    await wait(300_000);
    expect(republished).toEqual([]);
    expect(await torReadyToPublish(control)).toBe(false);
  });

  it('gives up after the allowed re-adds and forgets the service', async () => {
    watch.added('svc');
    for (let i = 0; i < 3; i++) await wait(61_000);
    expect(republished).toEqual(['svc', 'svc']);
    expect(gaveUp).toEqual(['svc']);
    await wait(61_000);
    expect(republished).toEqual(['svc', 'svc']);
  });

  it('ignores uploads of other services', async () => {
    watch.added('svc');
    control.emit('UPLOADED other UNKNOWN $AAAA~relay');
    expect(watch.uploaded('svc')).toBe(false);
  });
});
