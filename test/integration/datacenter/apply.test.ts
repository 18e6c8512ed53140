import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/shared/datacenter/plan';
import { namesFor } from '../../../src/main/datacenter/naming';
import { forceCleanup, harness, lxdListing, regtestSpec, type Harness } from './harness';

// The whole regtest datacenter on the real LXD: gateway + btcd + lnd from the locally built image
// and the locally built, hash-pinned btcd/lnd (scripts/setup-test-env.sh makes both).
const NAME = `bcmt${process.pid % 10000}`;

describe('a regtest datacenter on the real LXD', () => {
  let h: Harness;
  let before: string;
  const names = namesFor(NAME);

  beforeAll(async () => {
    before = lxdListing();
    h = await harness();
    await h.service.save(await regtestSpec(NAME, 'local'), false);
  });
  afterAll(async () => {
    forceCleanup(names.project, [names.internalNetwork, names.natNetwork]);
    await h.close();
  });

  it('applies from scratch with progress, every component healthy', async () => {
    const plan = await h.service.plan(NAME, 'apply', true);
    expect(plan.blockers).toEqual([]);
    expect(plan.actions.length).toBeGreaterThan(15);
    const events: RunEvent[] = [];
    h.service.subscribe(NAME, (e) => events.push(e));
    const { done } = await h.service.apply(NAME);
    await done;
    const snap = h.service.run(NAME)!;
    const failed = Object.entries(snap.steps).find(([, s]) => s.state === 'failed');
    expect(failed?.[1].error?.message ?? null, `failed step ${failed?.[0]}: ${failed?.[1].log.join('\n')}`).toBeNull();
    expect(snap.outcome).toBe('succeeded');
    expect(events.some((e) => e.type === 'log')).toBe(true);
    const status = await h.service.status(NAME);
    expect(status.deployed).toBe(true);
    expect(status.components.map((c) => [c.kind, c.health])).toEqual([
      ['gateway', 'healthy'],
      ['btcd', 'healthy'],
      ['lnd', 'healthy'],
    ]);
  }, 600_000);

  it('plans nothing on a second apply', async () => {
    // (the no-op's time is a figure of `npm run bench` (datacenter), not an assertion here)
    const plan = await h.service.plan(NAME, 'apply', true);
    expect(plan.actions).toEqual([]);
  });

  it('takes it down, leaving the LXD server as it was', async () => {
    const { done } = await h.service.down(NAME, NAME, false);
    await done;
    expect(h.service.run(NAME)?.outcome).toBe('succeeded');
    expect(lxdListing()).toBe(before);
    expect((await h.service.status(NAME)).deployed).toBe(false);
  }, 300_000);
});
