import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/shared/channels/alerts';
import { datacenterSpecSchema } from '../../../src/shared/datacenter/spec';
import { STORAGE_POOL, namesFor } from '../../../src/main/datacenter/naming';
import { MonitorService, type PersistedAlerts } from '../../../src/main/monitor/service';
import { ServicesService } from '../../../src/main/services/core/service';
import { layout } from '../../../src/main/store/paths';
import { SecretStore } from '../../../src/main/store/secrets';
import { writeJsonFile } from '../../../src/main/store/json-file';
import { harness, testOverrides, TEST_IMAGE, type Harness } from '../datacenter/harness';
import { removeTestDatacenter } from '../../support/remove-datacenter';

// The monitor (issue 13) against a real failure on the real LXD: a regtest gateway + btcd; btcd's
// service is stopped inside its container → the next check raises "btcd is stopped" with systemd's
// word for it, and the desktop notice; started again → the alert clears into the history. Nothing
// is faked but the clock-free check trigger (check() instead of waiting for the interval).
const NAME = `bcm13m${process.pid % 10000}`;
const names = namesFor(NAME);
const inBtcd = (...cmd: string[]): string => execFileSync('lxc', ['exec', '--project', names.project, 'btcd', '--', ...cmd], { encoding: 'utf8' });

describe('the monitor on a real datacenter', () => {
  let h: Harness;
  let monitor: MonitorService;
  let services: ServicesService;
  let statePath: string;
  const raisedSeen: Alert[] = [];

  beforeAll(async () => {
    h = await harness();
    const spec = datacenterSpecSchema.parse({
      schemaVersion: 1, name: NAME, endpoint: 'local', chain: 'regtest',
      bitcoin: { implementation: 'btcd' }, lightning: { lnd: false, clightning: false },
      kafka: { enabled: false, brokers: 1 }, logging: false,
      image: { alias: TEST_IMAGE }, artifacts: await testOverrides(),
    });
    await h.service.save(spec, false);
    const { done } = await h.service.apply(NAME);
    await done;
    expect(h.service.run(NAME)?.outcome).toBe('succeeded');
    services = new ServicesService({ datacenters: h.service, registry: h.registry, secrets: new SecretStore(layout(h.home)) });
    statePath = join(await mkdtemp(join(tmpdir(), 'bcm-alerts-')), 'alerts.json');
    monitor = new MonitorService({
      datacenters: h.service,
      pool: async (endpoint) => {
        const res = await (await h.registry.client(endpoint)).storagePools.resources(STORAGE_POOL);
        return { usedBytes: res.space.used, totalBytes: res.space.total };
      },
      node: async (dc) => {
        const snap = await services.node(dc);
        return snap.chainInfo.ok && snap.peers.ok ? { height: snap.chainInfo.value.blocks, peers: snap.peers.value.inbound + snap.peers.value.outbound } : undefined;
      },
      lastBackupAt: async () => null,
      load: async () => JSON.parse(await readFile(statePath, 'utf8').catch(() => 'null')) as unknown,
      save: (state: PersistedAlerts) => writeJsonFile(statePath, state),
    });
    monitor.onChanged((_state, raised) => raisedSeen.push(...raised));
  }, 600_000);

  afterAll(async () => {
    monitor?.stop();
    services?.close();
    removeTestDatacenter(names);
    await h?.close();
  });

  it('a healthy datacenter raises nothing but the missing backup', async () => {
    const state = await monitor.check();
    expect(state.active.map((a) => a.id)).toEqual(['backup-stale::backup']);
    expect(state.checkedAt).toBeDefined();
  });

  it('btcd stopped inside its container: an alert in systemd’s words, once', async () => {
    inBtcd('systemctl', 'stop', 'btcd.service');
    const state = await monitor.check();
    const alert = state.active.find((a) => a.id === `service-down:${NAME}:btcd`);
    expect(alert).toMatchObject({ severity: 'critical', title: `${NAME}: btcd is stopped`, message: expect.stringContaining('btcd.service: inactive') });
    expect(raisedSeen.filter((a) => a.id === alert?.id)).toHaveLength(1);
    const again = await monitor.check(); // still down: not raised twice, same time
    expect(again.active.find((a) => a.id === alert?.id)?.raisedAt).toBe(alert?.raisedAt);
    expect(raisedSeen.filter((a) => a.id === alert?.id)).toHaveLength(1);
    // kept on disk for the next start of the app
    const saved = JSON.parse(await readFile(statePath, 'utf8')) as PersistedAlerts;
    expect(saved.active.map((a) => a.id)).toContain(alert?.id);
  });

  it('started again: the alert clears into the history', async () => {
    inBtcd('systemctl', 'start', 'btcd.service');
    let state = await monitor.check();
    // btcd takes a moment to answer its RPC again; the status calls that "starting", which is not down
    expect(state.active.map((a) => a.id)).not.toContain(`service-down:${NAME}:btcd`);
    expect(state.history[0]).toMatchObject({ id: `service-down:${NAME}:btcd`, clearedAt: expect.any(String) });
    state = await monitor.list();
    expect(state.history).toHaveLength(1);
  });
});
