import { execFileSync } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specEntryOf } from '../../../src/main/apps/engine';
import { AppRegistry, builtinAppsDir } from '../../../src/main/apps/registry';
import { namesFor } from '../../../src/main/datacenter/naming';
import { rollbackOf, type RunSnapshot } from '../../../src/shared/datacenter/plan';
import { datacenterSpecSchema } from '../../../src/shared/datacenter/spec';
import { withVersion } from '../../../src/shared/datacenter/versions';
import { removeTestDatacenter } from '../../support/remove-datacenter';
import { harness, regtestSpec, type Harness } from '../datacenter/harness';

// Issue 14 (apps in the Versions card): a third-party app (test/fixtures/apps/static-swagger.yaml,
// Swagger UI's npm tarball in two pinned versions) deployed on a real regtest datacenter (gateway +
// btcd) at its older pin, then switched to the newer one through the spec's `versions`, the plan and
// the apply: snapshot first, install, restart, health gate. The versions report, the install
// record on the instance and the files the container serves all say which version is there.
const NAME = `avx${process.pid % 10000}`;
const names = namesFor(NAME);
const FIXTURE = join(__dirname, '../../fixtures/apps/static-swagger.yaml');
const ARTIFACT = 'swagger-ui-dist';

/** The version of swagger-ui-dist the container serves: its package.json, fetched inside the container. */
const served = (): string =>
  (JSON.parse(execFileSync('lxc', ['exec', '--project', names.project, 'static-swagger', '--', 'curl', '-fsS', 'http://127.0.0.1:8080/package.json'], { encoding: 'utf8', timeout: 60_000 })) as { version: string }).version;

function failedStep(snap: RunSnapshot | null): string | null {
  const failed = Object.entries(snap?.steps ?? {}).find(([, s]) => s.state === 'failed');
  return failed ? `${failed[0]}: ${failed[1].error?.message ?? ''}\n${failed[1].log.join('\n')}` : null;
}

describe("switching a deployed app's artifact version on the real LXD", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await harness({ apps: { load: () => registry.load() } });
    const registry = new AppRegistry({ builtin: builtinAppsDir(), user: join(h.home, 'apps') });
    await mkdir(join(h.home, 'apps'), { recursive: true });
    await copyFile(FIXTURE, join(h.home, 'apps', 'static-swagger.yaml'));
    const apps = await registry.load();
    expect(apps.invalid).toEqual([]);
    const manifest = apps.manifests['static-swagger'];
    if (!manifest) throw new Error('the test manifest static-swagger did not load');
    const base = await regtestSpec(NAME, 'local');
    // deployed at the older pin, as the Versions card's "Switch version…" saves it
    const spec = withVersion(datacenterSpecSchema.parse({ ...base, lightning: { lnd: false, clightning: false }, apps: [specEntryOf(manifest)] }), ARTIFACT, { source: 'release', version: '5.32.0' });
    await h.service.save(spec, false);
    const { done } = await h.service.apply(NAME);
    await done;
    const snap = h.service.run(NAME);
    if (snap?.outcome !== 'succeeded') throw new Error(`the datacenter did not deploy: ${failedStep(snap)}`);
  }, 1_200_000);

  afterAll(async () => {
    removeTestDatacenter(names);
    await h?.close();
  });

  it('lists the app beside the built-ins: third-party, installed and wanted 5.32.0, both pins available', async () => {
    const report = await h.service.versions(NAME);
    expect(report.deployed).toBe(true);
    expect(report.components.map((c) => [c.kind, c.artifact])).toEqual([
      ['btcd', 'btcd'],
      ['app', ARTIFACT],
    ]);
    const row = report.components.find((c) => c.artifact === ARTIFACT);
    expect(row).toMatchObject({
      title: 'Static Swagger UI',
      app: { id: 'static-swagger', title: 'Static Swagger UI', source: 'third-party', publisher: 'BCM test fixtures' },
      installed: [{ container: 'static-swagger', version: '5.32.0' }],
      desired: { version: '5.32.0', source: 'release', pinned: true },
    });
    expect(row?.available.map((v) => [v.version, v.source, v.isDefault])).toEqual([
      ['5.35.0', 'release', true],
      ['5.32.0', 'release', false],
      ['0.1.0-broken', 'release', false],
    ]);
    expect(served()).toBe('5.32.0');
  });

  it('switches it to 5.35.0 through the plan: snapshot first, only the app touched; healthy on the new version', async () => {
    await h.service.save(withVersion(await h.service.get(NAME), ARTIFACT, { source: 'release', version: '5.35.0' }), true);
    const plan = await h.service.plan(NAME, 'apply', true);
    expect(plan.blockers).toEqual([]);
    const ids = plan.actions.map((a) => a.id);
    expect(ids).toEqual(['snapshot:app', `install-artifact:static-swagger/${ARTIFACT}`, 'enable-service:static-swagger', 'wait-healthy:static-swagger']);

    const started = Date.now();
    const { done } = await h.service.apply(NAME);
    await done;
    const run = h.service.run(NAME);
    expect(failedStep(run)).toBeNull();
    expect(run?.outcome).toBe('succeeded');
    console.log(`[figure] switching the app's ${ARTIFACT} 5.32.0 → 5.35.0 (snapshot, install, restart, health gate): ${run?.durationMs ?? Date.now() - started} ms`);

    expect(served()).toBe('5.35.0');
    const status = await h.service.status(NAME);
    expect(status.components.find((c) => c.kind === 'app')?.containers.map((c) => [c.name, c.health])).toEqual([['static-swagger', 'healthy']]);
    const row = (await h.service.versions(NAME)).components.find((c) => c.artifact === ARTIFACT);
    expect(row?.installed).toEqual([{ container: 'static-swagger', version: '5.35.0' }]);
    expect(execFileSync('lxc', ['config', 'get', '--project', names.project, 'static-swagger', `user.bcm.version.${ARTIFACT}`], { encoding: 'utf8' }).trim()).toBe('5.35.0');
    // the snapshot the switch took is there to roll back to
    expect(run?.steps['snapshot:app']?.state).toBe('done');
    const snapshots = JSON.parse(execFileSync('lxc', ['query', `/1.0/instances/static-swagger/snapshots?project=${names.project}`], { encoding: 'utf8' })) as string[];
    expect(snapshots.some((s) => s.split('/').pop()?.startsWith('bcm-'))).toBe(true);
    expect((await h.service.plan(NAME, 'apply', true)).actions).toEqual([]);
  }, 600_000);

  it('a switch to a version that fails its health check is rolled back by itself: the old version serves again', async () => {
    await h.service.save(withVersion(await h.service.get(NAME), ARTIFACT, { source: 'release', version: '0.1.0-broken' }), true);
    const ids = (await h.service.plan(NAME, 'apply', true)).actions.map((a) => a.id);
    expect(ids.indexOf('snapshot:app')).toBe(0);
    const { done } = await h.service.apply(NAME);
    await done;
    const run = h.service.run(NAME)!;
    expect(run.outcome).toBe('failed');
    expect(run.error?.message).toMatch(/Rolled back to snapshot bcm-\S+/);
    expect(rollbackOf(run.error)).toMatchObject({ component: 'app', healthy: true });
    console.log(`[figure] failed app version switch (health gate of 20 s) and automatic rollback: ${run.durationMs} ms`);
    expect(served()).toBe('5.35.0');
    expect((await h.service.versions(NAME)).components.find((c) => c.artifact === ARTIFACT)?.installed).toEqual([{ container: 'static-swagger', version: '5.35.0' }]);
    expect((await h.service.status(NAME)).components.find((c) => c.kind === 'app')?.health).toBe('healthy');
    // pinning the working version back plans nothing to install
    await h.service.save(withVersion(await h.service.get(NAME), ARTIFACT, { source: 'release', version: '5.35.0' }), true);
    expect((await h.service.plan(NAME, 'apply', true)).actions).toEqual([]);
  }, 600_000);

  it('a pin the manifest does not have blocks the plan, naming the versions it pins', async () => {
    const spec = await h.service.get(NAME);
    await h.service.save({ ...spec, versions: { ...spec.versions, [ARTIFACT]: '4.0.0' } }, true);
    const plan = await h.service.plan(NAME, 'apply', true);
    expect(plan.blockers).toContain(`This datacenter pins ${ARTIFACT} 4.0.0 for Static Swagger UI (static-swagger), and its manifest pins only 5.35.0, 5.32.0, 0.1.0-broken: choose one of them in the Versions card.`);
    await expect(h.service.apply(NAME)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(served()).toBe('5.35.0');
    await h.service.save(spec, true);
  });
});
