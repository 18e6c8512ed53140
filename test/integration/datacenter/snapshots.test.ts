import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recipeFor } from '../../../src/main/datacenter/components';
import { namesFor } from '../../../src/main/datacenter/naming';
import type { RecipeFn } from '../../../src/main/datacenter/recipe';
import { SnapshotService } from '../../../src/main/datacenter/snapshots/service';
import { deleteSet, listSets, takeSet } from '../../../src/main/datacenter/snapshots/sets';
import { memorySnapshotSettings } from '../../../src/main/datacenter/snapshots/settings';
import { rollbackOf, type RunSnapshot } from '../../../src/shared/datacenter/plan';
import { removeTestDatacenter } from '../../support/remove-datacenter';
import { harness, harnessAt, regtestSpec, type Harness } from './harness';

// Issue 12 (day two), snapshots: one regtest datacenter (gateway + btcd + lnd) on the real LXD.
// A snapshot taken by hand is restored (a marker written since is gone); an apply that changes a
// running component snapshots it first; an apply whose health gate fails rolls lnd back by itself.
const NAME = `bcm12s${process.pid % 10000}`;
const names = namesFor(NAME);
const LND_HOME = '/var/lib/lnd';

const inLnd = (script: string): string =>
  execFileSync('lxc', ['exec', '--project', names.project, 'lnd', '--', 'sh', '-c', script], { encoding: 'utf8', timeout: 60_000 });
const identity = (): string => (JSON.parse(inLnd('lncli --lnddir=/var/lib/lnd --network=regtest --rpcserver=127.0.0.1:10009 getinfo')) as { identity_pubkey: string }).identity_pubkey;

/** What LXD cannot tell on a dir pool, measured on the host for the report (a figure, not an assertion). */
function duOnHost(path: string): string {
  try {
    return execFileSync('du', ['-sh', `/var/lib/lxd/storage-pools/default/${path}`], { encoding: 'utf8' }).split('\t')[0] ?? '?';
  } catch {
    return '(not readable here)';
  }
}

function failedStep(snap: RunSnapshot): string | null {
  const failed = Object.entries(snap.steps).find(([, s]) => s.state === 'failed');
  return failed ? `${failed[0]}: ${failed[1].error?.message ?? ''}\n${failed[1].log.join('\n')}` : null;
}

async function healthOf(h: Harness): Promise<Array<[string, string]>> {
  return (await h.service.status(NAME)).components.map((c) => [c.kind, c.health]);
}

describe('snapshots and automatic rollback on the real LXD', () => {
  let h: Harness;
  let snapshots: SnapshotService;
  let pubkey = '';

  beforeAll(async () => {
    h = await harness({ snapshotsBusy: (n) => snapshots?.busy(n) });
    await h.service.save(await regtestSpec(NAME, 'local'), false);
    snapshots = new SnapshotService({ registry: h.registry, datacenters: h.service, settings: memorySnapshotSettings(3) });
    const { done } = await h.service.apply(NAME);
    await done;
    const snap = h.service.run(NAME)!;
    expect(failedStep(snap)).toBeNull();
    expect(snap.outcome).toBe('succeeded');
    pubkey = identity();
  }, 900_000);
  afterAll(async () => {
    removeTestDatacenter(names);
    await h?.close();
  });

  it('a first deploy takes no snapshot (nothing was running) and lists none', async () => {
    expect(h.service.run(NAME)!.actions.some((a) => a.kind === 'snapshot')).toBe(false);
    const list = await snapshots.list(NAME);
    expect(list).toMatchObject({ datacenter: NAME, keep: 3, driver: 'dir', leftOut: [], snapshots: [] });
  });

  it("on a dir pool a node's chain beyond regtest is left out: the container is snapshotted, its data volume is not, and the log says why", async () => {
    const spec = await h.service.get(NAME);
    const t = { client: await h.registry.client(spec.endpoint), spec: { ...spec, chain: 'signet' as const } };
    const log: string[] = [];
    await takeSet(t, 'bcm-20261205T000000-policy', 'policy', ['btcd'], (l) => log.push(l));
    try {
      const set = (await listSets(t)).find((s) => s.name === 'bcm-20261205T000000-policy');
      expect(set).toMatchObject({ containers: ['btcd'], volumes: [] });
      expect(log.join('\n')).toMatch(/btcd: its data volume is left out \(up to \d+ GiB on signet\): on a dir pool LXD would copy it whole/);
      // the same datacenter on regtest takes the volume too
      const all = await takeSet({ ...t, spec }, 'bcm-20261205T000001-policy', 'policy', ['btcd']);
      expect(all[0]?.volumes).toEqual(['btcd-data']);
      expect((await listSets(t)).find((s) => s.name === 'bcm-20261205T000001-policy')?.volumes).toEqual(['btcd-data']);
    } finally {
      await deleteSet(t, 'bcm-20261205T000000-policy');
      await deleteSet(t, 'bcm-20261205T000001-policy').catch(() => undefined);
    }
    expect(await listSets(t)).toEqual([]);
  });

  it('takes a snapshot of the whole datacenter; restoring lnd discards what was written since', async () => {
    const t0 = Date.now();
    const taken = await snapshots.take(NAME, 'Before the marker test');
    console.log(`[figure] snapshot of gateway+btcd+lnd (3 containers, 2 data volumes) took ${Date.now() - t0} ms`);
    expect(taken.name).toMatch(/^bcm-\d{8}T\d{6}-before-the-marker-test$/);
    expect(taken).toMatchObject({ reason: 'Before the marker test', automatic: false, components: ['gateway', 'btcd', 'lnd'], containers: ['btcd', 'gateway', 'lnd'], sizeBytes: null });
    expect(taken.volumes).toContain('lnd-data');
    const list = await snapshots.list(NAME);
    expect(list.snapshots.map((s) => s.name)).toEqual([taken.name]);
    expect(list.sizeNote).toMatch(/size unknown on a dir pool/);
    console.log(`[figure] on the dir pool, the snapshot of lnd takes ${duOnHost(`containers-snapshots/${names.project}_lnd/${taken.name}`)} (rootfs copy) + ${duOnHost(`custom-snapshots/${names.project}_lnd-data/${taken.name}`)} (data volume)`);

    inLnd(`echo marker > ${LND_HOME}/marker && echo marker > /root/marker`);
    expect(inLnd(`cat ${LND_HOME}/marker /root/marker`)).toBe('marker\nmarker\n');
    const t1 = Date.now();
    const restoring = snapshots.restore(NAME, taken.name, 'lnd');
    // an apply started meanwhile is refused, with what is going on
    await vi.waitFor(() => expect(snapshots.busy(NAME)).toMatch(/is being restored to bcm-/));
    await expect(h.service.apply(NAME)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/being restored to bcm-.*Wait for it to finish/) });
    const restored = await restoring;
    expect(snapshots.busy(NAME)).toBeUndefined();
    console.log(`[figure] restore of lnd (container + data volume, stop, start, until healthy) took ${Date.now() - t1} ms`);
    expect(restored).toMatchObject({ snapshot: taken.name, components: ['lnd'], containers: ['lnd'], volumes: ['lnd-data'], healthy: true });
    expect(restored.message).toMatch(/LND is back as of bcm-.* It is healthy\./);
    expect(inLnd(`ls ${LND_HOME}/marker /root/marker 2>&1 || true`)).toMatch(/No such file.*\n.*No such file/);
    // the other components were not touched: still running through the restore
    const status = await h.service.status(NAME);
    expect(status.components.find((c) => c.kind === 'btcd')?.containers[0]?.status).toBe('Running');
  }, 300_000);

  it('an apply that changes a running component snapshots it first, and the snapshot is listed', async () => {
    const spec = await h.service.get(NAME);
    await h.service.save({ ...spec, sizes: { ...spec.sizes, lnd: { cpus: 1, memoryMiB: 1152, diskGiB: 4 } } }, true);
    const plan = await h.service.plan(NAME, 'apply', true);
    const ids = plan.actions.map((a) => a.id);
    expect(ids).toEqual(['snapshot:lnd', 'update-instance:lnd', 'wait-healthy:lnd']);
    const { done } = await h.service.apply(NAME);
    await done;
    const run = h.service.run(NAME)!;
    expect(failedStep(run)).toBeNull();
    expect(run.steps['snapshot:lnd']?.state).toBe('done');
    expect(run.steps['snapshot:lnd']?.log.join('\n')).toMatch(/took bcm-\d{8}T\d{6}-before-apply in [\d.]+ s/);
    const list = await snapshots.list(NAME);
    const auto = list.snapshots[0]!;
    expect(auto).toMatchObject({ automatic: true, components: ['lnd'], containers: ['lnd'], volumes: ['lnd-data'] });
    expect(auto.name).toMatch(/-before-apply$/);
    expect(auto.reason).toBe('Before apply: Update container lnd (1 CPU, 1.1 GiB memory, 4 GiB disk)');
    expect(list.snapshots).toHaveLength(2);
  }, 300_000);

  it('a change whose health gate fails is rolled back by itself: lnd healthy again, wallet intact', async () => {
    // the same service on the same ~/.bcm, whose lnd recipe carries a config lnd refuses to start with
    const broken: RecipeFn = (spec, container, ctx) => {
      const recipe = recipeFor(spec, container, ctx);
      if (container.component !== 'lnd') return recipe;
      return {
        ...recipe,
        files: recipe.files.map((f) => (f.path === '/etc/lnd/lnd.conf' ? { ...f, content: f.content.replace('[Application Options]', '[Application Options]\nno-such-option=1') } : f)),
        health: { ...recipe.health, timeoutS: 90 },
      };
    };
    const other = await harnessAt(h.home, { recipeFor: broken });
    try {
      const plan = await other.service.plan(NAME, 'apply', true);
      expect(plan.actions.map((a) => a.id)).toEqual(['snapshot:lnd', 'write-config:lnd', 'enable-service:lnd', 'wait-healthy:lnd']);
      const { done } = await other.service.apply(NAME);
      await done;
      const run = other.service.run(NAME)!;
      expect(run.outcome).toBe('failed');
      const step = run.steps['wait-healthy:lnd']!;
      expect(step.state).toBe('failed');
      expect(run.error?.message).toMatch(/^lnd (did not become healthy within 90 s|cannot become healthy: its service keeps exiting) .*Rolled back to snapshot bcm-\d{8}T\d{6}-before-apply; LND is healthy on its previous state\.$/s);
      const rollback = rollbackOf(run.error);
      expect(rollback).toMatchObject({ component: 'lnd', healthy: true });
      console.log(`[figure] automatic rollback of lnd (restore + health) took ${rollback?.durationMs} ms`);
      expect(step.log.join('\n')).toMatch(/rolling LND back to snapshot/);
    } finally {
      other.registry.close();
    }
    expect(await healthOf(h)).toEqual([
      ['gateway', 'degraded'], // no Tor network to reach on this machine
      ['btcd', 'healthy'],
      ['lnd', 'healthy'],
    ]);
    expect(inLnd('cat /etc/lnd/lnd.conf')).not.toMatch(/no-such-option/);
    expect(identity()).toBe(pubkey); // same wallet: the data volume is the one from before
    // the restore put BCM's step records back too: with the real recipes nothing is left to do
    expect((await h.service.plan(NAME, 'apply', true)).actions).toEqual([]);
  }, 600_000);

  it('deletes a snapshot, and keeps only the newest N after a new one', async () => {
    const before = await snapshots.list(NAME);
    expect(before.snapshots.length).toBe(3);
    const oldest = before.snapshots.at(-1)!.name;
    const after = await snapshots.delete(NAME, oldest);
    expect(after.snapshots.map((s) => s.name)).toEqual(before.snapshots.slice(0, -1).map((s) => s.name));
    await snapshots.setKeep(1);
    const kept = await snapshots.take(NAME, 'only this one', ['btcd']);
    expect((await snapshots.list(NAME)).snapshots.map((s) => s.name)).toEqual([kept.name]);
    expect(execFileSync('lxc', ['info', '--project', names.project, 'lnd'], { encoding: 'utf8' })).not.toMatch(/bcm-\d{8}T/);
  }, 300_000);
});
