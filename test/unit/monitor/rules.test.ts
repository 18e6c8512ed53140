import { describe, expect, it } from 'vitest';
import { monitorSettingsSchema } from '../../../src/shared/channels/alerts';
import type { DatacenterStatus } from '../../../src/shared/datacenter/plan';
import { daysUntilFull, evaluate, reconcile, type DatacenterObservation, type DiskSample } from '../../../src/main/monitor/rules';
import { noticesFor } from '../../../src/main/monitor/notify';

const settings = monitorSettingsSchema.parse({});
const now = new Date('2026-12-05T12:00:00Z');
const GiB = 1024 ** 3;

function status(health: Record<string, DatacenterStatus['components'][number]['health']>, extra: Partial<DatacenterStatus> = {}): DatacenterStatus {
  return {
    name: 'home',
    endpoint: 'local',
    project: 'bcm-home',
    deployed: true,
    checkedAt: now.toISOString(),
    components: Object.entries(health).map(([kind, h]) => ({
      kind: kind as DatacenterStatus['components'][number]['kind'],
      title: kind === 'btcd' ? 'btcd' : kind,
      health: h,
      containers: [{ name: kind, status: h === 'stopped' ? 'Stopped' : 'Running', service: h === 'unhealthy' ? 'failed' : 'active', health: h, ipv4: [], ...(h === 'unhealthy' ? { message: 'btcd.service: failed' } : {}) }],
    })),
    ...extra,
  };
}

const obs = (s: DatacenterStatus, more: Partial<DatacenterObservation> = {}): DatacenterObservation => ({ datacenter: 'home', endpoint: 'local', chain: 'regtest', status: s, disk: [], ...more });
const samples = (gibPerDay: number, usedGiB: number, totalGiB: number): DiskSample[] =>
  [0, 1, 2, 3].map((h) => ({ at: new Date(now.getTime() - (3 - h) * 3_600_000).toISOString(), usedBytes: (usedGiB - ((3 - h) * gibPerDay) / 24) * GiB, totalBytes: totalGiB * GiB }));

describe('monitor rules', () => {
  it('a component down is a critical alert with the container’s own words', () => {
    const alerts = evaluate({ now, lastBackupAt: now.toISOString(), datacenters: [obs(status({ gateway: 'healthy', btcd: 'unhealthy', lnd: 'degraded' }))] }, settings);
    expect(alerts).toEqual([expect.objectContaining({ id: 'service-down:home:btcd', severity: 'critical', title: 'home: btcd is down', message: expect.stringContaining('btcd.service: failed') })]);
  });

  it('an unreachable endpoint says so, and nothing else is guessed', () => {
    const s = status({}, { deployed: false, error: { code: 'UNREACHABLE', message: 'connect ECONNREFUSED 10.0.0.5:8443.' } });
    const alerts = evaluate({ now, lastBackupAt: null, datacenters: [obs(s)] }, settings);
    expect(alerts.map((a) => a.id)).toEqual(['endpoint-unreachable:home:local']);
  });

  it('forecasts a filling disk from its growth, and stays quiet for a flat or short history', () => {
    expect(daysUntilFull(samples(2, 80, 100))).toBeCloseTo(10, 5);
    expect(daysUntilFull(samples(0, 80, 100))).toBeUndefined();
    expect(daysUntilFull(samples(5, 80, 100).slice(0, 2))).toBeUndefined();
    const alerts = evaluate({ now, lastBackupAt: now.toISOString(), datacenters: [obs(status({ btcd: 'healthy' }), { disk: samples(2, 80, 100) })] }, settings);
    expect(alerts).toEqual([expect.objectContaining({ kind: 'disk-filling', severity: 'warning', title: 'home: the disk of “local” is full in about 10 days' })]);
    const soon = evaluate({ now, lastBackupAt: now.toISOString(), datacenters: [obs(status({ btcd: 'healthy' }), { disk: samples(30, 99, 100) })] }, settings);
    expect(soon[0]).toMatchObject({ severity: 'critical', title: 'home: the disk of “local” is full in about less than a day' });
  });

  it('a stale or missing backup, once something is deployed', () => {
    const old = new Date(now.getTime() - 9 * 86_400_000).toISOString();
    expect(evaluate({ now, lastBackupAt: old, datacenters: [obs(status({ btcd: 'healthy' }))] }, settings)).toEqual([expect.objectContaining({ id: 'backup-stale::backup', title: 'The last backup is 9 days old' })]);
    expect(evaluate({ now, lastBackupAt: null, datacenters: [obs(status({ btcd: 'healthy' }))] }, settings)[0]?.title).toBe('Nothing has been backed up yet');
    expect(evaluate({ now, lastBackupAt: null, datacenters: [obs(status({}, { deployed: false }))] }, settings)).toEqual([]);
    expect(evaluate({ now, lastBackupAt: null, datacenters: [obs(status({ btcd: 'healthy' }))] }, { ...settings, backupMaxAgeDays: 0 })).toEqual([]);
  });

  it('a stalled node or one without peers, except on regtest', () => {
    const node = { height: 870_000, lastNewBlockAt: new Date(now.getTime() - 120 * 60_000).toISOString(), peers: 0 };
    const mainnet = evaluate({ now, lastBackupAt: now.toISOString(), datacenters: [obs(status({ btcd: 'healthy' }), { chain: 'mainnet', node })] }, settings);
    expect(mainnet.map((a) => a.kind)).toEqual(['node-stalled', 'no-peers']);
    expect(evaluate({ now, lastBackupAt: now.toISOString(), datacenters: [obs(status({ btcd: 'healthy' }), { node })] }, settings)).toEqual([]);
  });

  it('reconciles: a raised alert keeps its time, a cleared one goes to history', () => {
    const first = reconcile([], [], evaluate({ now, lastBackupAt: now.toISOString(), datacenters: [obs(status({ btcd: 'stopped' }))] }, settings), now);
    expect(first.raised.map((a) => a.id)).toEqual(['service-down:home:btcd']);
    const later = new Date(now.getTime() + 60_000);
    const same = reconcile(first.active, first.history, evaluate({ now: later, lastBackupAt: now.toISOString(), datacenters: [obs(status({ btcd: 'stopped' }))] }, settings), later);
    expect(same.raised).toEqual([]);
    expect(same.active[0]?.raisedAt).toBe(now.toISOString());
    const fixed = reconcile(same.active, same.history, [], later);
    expect(fixed.active).toEqual([]);
    expect(fixed.cleared).toEqual([expect.objectContaining({ id: 'service-down:home:btcd', clearedAt: later.toISOString() })]);
    expect(fixed.history[0]?.clearedAt).toBe(later.toISOString());
  });
});

describe('desktop notices', () => {
  const alert = (id: string, severity: 'warning' | 'critical') => ({ id, kind: 'service-down' as const, datacenter: 'home', subject: id, severity, title: `home: ${id} is down`, message: `${id}: failed.`, raisedAt: now.toISOString() });
  it('one per alert, critical when the alert is', () => {
    expect(noticesFor([alert('btcd', 'critical')])).toEqual([{ title: 'BCM: home: btcd is down', body: 'btcd: failed.', urgency: 'critical' }]);
    expect(noticesFor([])).toEqual([]);
  });
  it('one summary when many arrive at once', () => {
    const n = noticesFor([alert('a', 'warning'), alert('b', 'warning'), alert('c', 'critical')]);
    expect(n).toEqual([{ title: 'BCM: 3 new alerts', body: 'home: a is down\nhome: b is down\nhome: c is down', urgency: 'critical' }]);
  });
});
