import { describe, expect, it } from 'vitest';
import { groupSnapshots, parseSnapshotName, sizeNote, slugOf, snapshotName, toPrune, type SnapshotPiece } from '../../../src/main/datacenter/snapshots/naming';
import { withSnapshots } from '../../../src/main/datacenter/snapshots/plan';
import { MARK } from '../../../src/main/datacenter/naming';
import type { PlanAction } from '../../../src/shared/datacenter/plan';
import { rollbackOf } from '../../../src/shared/datacenter/plan';
import { snapshotInvokeChannels, snapshotNameSchema } from '../../../src/shared/channels/snapshots';
import { eventChannels, invokeChannels } from '../../../src/shared/contract';
import { createRouter } from '../../../src/main/ipc/router';
import { snapshotHandlers } from '../../../src/main/ipc/handlers/snapshots';
import { RunSnapshots } from '../../../src/main/datacenter/snapshots/run';
import { BcmError } from '../../../src/shared/errors';

const at = new Date('2026-12-05T16:50:07.123Z');

describe('snapshot names', () => {
  it('carry the UTC time and a slug of the reason, and parse back', () => {
    const name = snapshotName(at, 'Before upgrading LND to 0.18!');
    expect(name).toBe('bcm-20261205T165007-before-upgrading-lnd-to-0-18');
    expect(snapshotNameSchema.safeParse(name).success).toBe(true);
    expect(parseSnapshotName(name)).toEqual({ createdAt: '2026-12-05T16:50:07.000Z', slug: 'before-upgrading-lnd-to-0-18' });
  });

  it('make a slug of anything, within LXD’s and BCM’s limits', () => {
    expect(slugOf('   ')).toBe('snapshot');
    expect(slugOf('Ünïcode — ☃ only')).toBe('unicode-only');
    const long = slugOf('a very long reason '.repeat(10));
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).not.toMatch(/-$/);
  });

  it('are not BCM’s when they do not follow the pattern', () => {
    for (const n of ['snap0', 'bcm-2026-before', 'bcm-20261305T250000-x', 'bcm-20261205T165007-UPPER']) expect(parseSnapshotName(n), n).toBeNull();
  });
});

describe('snapshot sets', () => {
  const a = 'bcm-20261201T100000-before-apply';
  const b = 'bcm-20261203T100000-by-hand';
  const pieces: SnapshotPiece[] = [
    { snapshot: a, component: 'lnd', container: 'lnd', reason: 'Before apply: Install lnd into lnd', size: -1 },
    { snapshot: a, component: 'lnd', volume: 'lnd-data', reason: 'Before apply: Install lnd into lnd' },
    { snapshot: b, component: 'btcd', container: 'btcd', reason: 'by hand', size: 100 },
    { snapshot: b, component: 'gateway', container: 'gateway', reason: 'by hand', size: 20 },
    { snapshot: 'snap0', component: 'gateway', container: 'gateway' },
  ];

  it('group the pieces of one name, newest first, in catalog order, leaving out names not BCM’s', () => {
    const sets = groupSnapshots(pieces, ['gateway', 'btcd', 'lnd']);
    expect(sets.map((s) => s.name)).toEqual([b, a]);
    expect(sets[0]).toEqual({ name: b, createdAt: '2026-12-03T10:00:00.000Z', reason: 'by hand', automatic: false, components: ['gateway', 'btcd'], containers: ['btcd', 'gateway'], volumes: [], sizeBytes: 120 });
    expect(sets[1]).toMatchObject({ automatic: true, components: ['lnd'], containers: ['lnd'], volumes: ['lnd-data'], sizeBytes: null });
  });

  it('say why a size is unknown, and not when every size is known', () => {
    const sets = groupSnapshots(pieces, ['gateway', 'btcd', 'lnd']);
    expect(sizeNote('dir', sets)).toMatch(/^size unknown on a dir pool/);
    expect(sizeNote('zfs', sets)).toMatch(/zfs pool does not report/);
    expect(sizeNote('zfs', sets.slice(0, 1))).toBeUndefined();
  });

  it('prune the oldest beyond N, never the one just taken', () => {
    const sets = ['bcm-20261201T000000-a', 'bcm-20261204T000000-d', 'bcm-20261202T000000-b', 'bcm-20261203T000000-c'].map((name) => ({ name, createdAt: parseSnapshotName(name)!.createdAt }));
    expect(toPrune(sets, 3)).toEqual(['bcm-20261201T000000-a']);
    expect(toPrune(sets, 1)).toEqual(['bcm-20261203T000000-c', 'bcm-20261202T000000-b', 'bcm-20261201T000000-a']);
    expect(toPrune(sets, 0)).toHaveLength(3); // at least one is always kept
    expect(toPrune(sets, 1, 'bcm-20261201T000000-a')).toEqual(['bcm-20261203T000000-c', 'bcm-20261202T000000-b']);
    expect(toPrune(sets, 10)).toEqual([]);
  });
});

describe('withSnapshots (plan)', () => {
  const act = (kind: PlanAction['kind'], component: PlanAction['component'], target: string): PlanAction => ({ id: `${kind}:${target}`, kind, component, target, title: `${kind} ${target}` });
  const deployed = (name: string, component: string, statusCode = 103) => ({ name, statusCode, config: { [MARK.component]: component, [`${MARK.step}service`]: 'abc' } });

  it('inserts one snapshot per component before its first change of a running container', () => {
    const actions = [
      act('install-artifact', 'btcd', 'btcd/btcd'),
      act('enable-service', 'btcd', 'btcd'),
      act('wait-healthy', 'btcd', 'btcd'),
      act('update-instance', 'lnd', 'lnd'),
      act('write-config', 'lnd', 'lnd'),
      act('wait-healthy', 'lnd', 'lnd'),
    ];
    const out = withSnapshots(actions, { instances: [deployed('gateway', 'gateway'), deployed('btcd', 'btcd'), deployed('lnd', 'lnd')] });
    expect(out.map((a) => a.id)).toEqual(['snapshot:btcd', 'install-artifact:btcd/btcd', 'enable-service:btcd', 'wait-healthy:btcd', 'snapshot:lnd', 'update-instance:lnd', 'write-config:lnd', 'wait-healthy:lnd']);
    expect(out[4]).toMatchObject({ kind: 'snapshot', component: 'lnd', target: 'lnd', title: 'Snapshot LND before changing it' });
    expect(out[4]!.detail).toMatch(/LXD snapshots of lnd and its data volumes/);
  });

  it('takes none for new, stopped or never completed containers, nor for shared objects', () => {
    const actions = [
      act('isolate-network', 'datacenter', 'bcmx'),
      act('create-instance', 'lnd', 'lnd'),
      act('start-instance', 'btcd', 'btcd'),
      act('install-artifact', 'btcd', 'btcd/btcd'),
      act('enable-service', 'gateway', 'gateway'),
    ];
    const half = { name: 'gateway', statusCode: 103, config: { [MARK.component]: 'gateway' } };
    expect(withSnapshots(actions, { instances: [deployed('btcd', 'btcd', 102), half] })).toEqual(actions);
    expect(withSnapshots([], { instances: [deployed('btcd', 'btcd')] })).toEqual([]);
  });
});

describe('rollback detail and channels', () => {
  it('reads a rollback from a step error, and nothing from other errors', () => {
    const detail = { rollback: { snapshot: 'bcm-20261201T100000-before-apply', component: 'lnd', healthy: true, durationMs: 1200 } };
    expect(rollbackOf({ detail })).toEqual(detail.rollback);
    expect(rollbackOf({ detail: { rollback: { snapshot: 1 } } })).toBeUndefined();
    expect(rollbackOf(undefined)).toBeUndefined();
  });

  it('refuses bad input to every snapshot channel', () => {
    const c = snapshotInvokeChannels;
    expect(c['datacenters.snapshots.list'].input.safeParse({ name: 'home', extra: 1 }).success).toBe(false);
    expect(c['datacenters.snapshots.take'].input.safeParse({ name: 'home', reason: '  ' }).success).toBe(false);
    expect(c['datacenters.snapshots.take'].input.safeParse({ name: 'home', reason: 'x', components: ['nope'] }).success).toBe(false);
    expect(c['datacenters.snapshots.take'].input.parse({ name: 'home', reason: ' before a test ' })).toEqual({ name: 'home', reason: 'before a test' });
    expect(c['datacenters.snapshots.restore'].input.safeParse({ name: 'home', snapshot: 'snap0' }).success).toBe(false);
    expect(c['datacenters.snapshots.restore'].input.safeParse({ name: 'home', snapshot: '../x' }).success).toBe(false);
    expect(c['datacenters.snapshots.restore'].input.safeParse({ name: 'home', snapshot: 'bcm-20261201T100000-a', component: 'lnd' }).success).toBe(true);
    expect(c['datacenters.snapshots.delete'].input.safeParse({ name: 'home', snapshot: 'bcm-20261201T100000-a/b' }).success).toBe(false);
    expect(c['datacenters.snapshots.setKeep'].input.safeParse({ keep: 0 }).success).toBe(false);
    expect(c['datacenters.snapshots.setKeep'].input.safeParse({ keep: 2.5 }).success).toBe(false);
    expect(c['datacenters.snapshots.setKeep'].input.safeParse({ keep: 5 }).success).toBe(true);
  });
});

describe('snapshot channels through the router', () => {
  it('reach the service with validated input, and refuse bad input before it', async () => {
    const calls: unknown[][] = [];
    const record = (method: string) => (...args: unknown[]) => {
      calls.push([method, ...args]);
      return Promise.resolve({ keep: 2 } as never);
    };
    const service = { list: record('list'), take: record('take'), restore: record('restore'), delete: record('delete'), setKeep: record('setKeep') };
    const handlers = snapshotHandlers({ snapshots: service as never });
    const rest = Object.fromEntries(Object.keys(invokeChannels).map((c) => [c, () => Promise.reject(new Error('not here'))]));
    const sources = Object.fromEntries(Object.keys(eventChannels).map((c) => [c, () => () => undefined]));
    const router = createRouter({ ...rest, ...handlers } as never, sources as never);
    expect(await router.invoke('datacenters.snapshots.take', { name: 'home', reason: ' why ' })).toEqual({ ok: true, value: { keep: 2 } });
    await router.invoke('datacenters.snapshots.restore', { name: 'home', snapshot: 'bcm-20261201T100000-a', component: 'lnd' });
    await router.invoke('datacenters.snapshots.delete', { name: 'home', snapshot: 'bcm-20261201T100000-a' });
    await router.invoke('datacenters.snapshots.list', { name: 'home' });
    await router.invoke('datacenters.snapshots.setKeep', { keep: 2 });
    const bad = await router.invoke('datacenters.snapshots.restore', { name: 'home', snapshot: 'bcm-20261201T100000-a', component: 'lnd', force: true });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(calls).toEqual([
      ['take', 'home', 'why', undefined],
      ['restore', 'home', 'bcm-20261201T100000-a', 'lnd'],
      ['delete', 'home', 'bcm-20261201T100000-a'],
      ['list', 'home'],
      ['setKeep', 2],
    ]);
  });
});

describe('RunSnapshots (the run’s side)', () => {
  const act = (kind: PlanAction['kind'], component: PlanAction['component'], target: string, title: string): PlanAction => ({ id: `${kind}:${target}`, kind, component, target, title });
  const actions = [act('snapshot', 'lnd', 'lnd', 'Snapshot LND'), act('install-artifact', 'lnd', 'lnd/lnd', 'Install lnd into lnd'), act('write-config', 'lnd', 'lnd', 'Write LND configuration'), act('wait-healthy', 'lnd', 'lnd', 'Wait until LND is healthy')];
  const report = { signal: new AbortController().signal, log: () => undefined, progress: () => undefined };
  const run = new RunSnapshots({ target: { client: {} as never, spec: {} as never }, recipes: {}, actions, keep: () => Promise.resolve(3) });

  it('names the changes a snapshot guards against in its reason', () => {
    expect(run.reason('lnd')).toBe('Before apply: Install lnd into lnd; Write LND configuration');
    expect(run.reason('btcd')).toBe('Before apply');
  });

  it('lets a step’s failure through untouched when the run took no snapshot of its component', async () => {
    const boom = new BcmError('TIMEOUT', 'lnd did not become healthy within 180 s.');
    await expect(run.guard(actions[3]!, report, () => Promise.reject(boom))).rejects.toBe(boom);
    await expect(run.guard(actions[1]!, report, () => Promise.resolve())).resolves.toBeUndefined();
  });
});
