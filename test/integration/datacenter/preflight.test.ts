import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namesFor } from '../../../src/main/datacenter/naming';
import { BcmError } from '../../../src/shared/errors';
import { PRESEED, harness, regtestSpec, type Harness } from './harness';

// Pre-flight (issue 12), on the real LXD and the real preseed folder, before anything exists: what
// an apply would fail on is said in the plan with what to do, and the apply is refused before it
// creates a project. This machine has no route to the internet, so release URLs do not answer.
const NAME = `bcm12p${process.pid % 10000}`;
const names = namesFor(NAME);

const projects = (): string => execFileSync('lxc', ['project', 'list', '-f', 'csv'], { encoding: 'utf8' });

describe('pre-flight before anything is created', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await harness();
    await h.service.save(await regtestSpec(NAME, 'local'), false);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('finds the local image and the preseeded btcd and lnd, and says where', async () => {
    const spec = await h.service.get(NAME);
    const plan = await h.service.plan(NAME, 'apply', true);
    expect(plan.blockers).toEqual([]);
    const byId = Object.fromEntries((plan.checks ?? []).map((c) => [c.id, c]));
    expect(Object.keys(byId).sort()).toEqual(['artifact:btcd', 'artifact:lnd', `image:local/${spec.image.alias}`, 'memory']);
    // in the cache once an earlier test installed it, else in the preseed folder
    for (const id of ['artifact:btcd', 'artifact:lnd']) {
      expect(byId[id]).toMatchObject({ state: 'ok' });
      expect(byId[id]?.detail.startsWith('Found in BCM’s cache') || byId[id]?.detail.includes(`in the preseed folder (${PRESEED}/`), byId[id]?.detail).toBe(true);
    }
    expect(Object.values(byId).filter((c) => c.state === 'fail')).toEqual([]);
  });

  it('says what is missing — an image nowhere, a release that cannot be downloaded — and refuses to start', async () => {
    const spec = await regtestSpec(NAME, 'local');
    const broken = { ...spec, bitcoin: { implementation: 'bitcoind' as const, pruneMiB: 0, txindex: false }, image: { alias: 'no-such-image-here' } };
    const plan = await h.service.planChange(broken);
    const failed = (plan.checks ?? []).filter((c) => c.state === 'fail');
    expect(failed.map((c) => c.id).sort()).toEqual(['artifact:bitcoin-core', 'image:local/no-such-image-here']);
    const artifact = failed.find((c) => c.id === 'artifact:bitcoin-core')!;
    expect(artifact.detail).toContain('https://bitcoincore.org/bin/bitcoin-core-29.0/');
    expect(artifact.detail).toContain(PRESEED); // the folder to put it in
    expect(failed.find((c) => c.id.startsWith('image:'))!.detail).toContain('Import it there');
    expect(plan.blockers).toEqual(expect.arrayContaining(failed.map((c) => c.detail)));

    await h.service.save(broken, true);
    const err = await h.service.apply(NAME).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BcmError);
    expect((err as BcmError).code).toBe('PRECONDITION_FAILED');
    expect(projects()).not.toContain(names.project);
  });

  it('an image server that does not answer, with no copy on the LXD server', async () => {
    const spec = await regtestSpec(NAME, 'local');
    const plan = await h.service.planChange({ ...spec, image: { alias: 'debian/12/cloud', server: 'https://images.invalid' } });
    const image = (plan.checks ?? []).find((c) => c.id.startsWith('image:'));
    expect(image).toMatchObject({ state: 'fail', detail: expect.stringContaining('https://images.invalid does not answer from this computer') });
  });
});
