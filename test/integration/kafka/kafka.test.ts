import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAFKA_LOG_TOPIC, type TopicTailEvent } from '../../../src/shared/channels/messaging';
import { datacenterSpecSchema } from '../../../src/shared/datacenter/spec';
import { namesFor } from '../../../src/main/datacenter/naming';
import { createMessagingService, kafkaSocketFactory, type MessagingService } from '../../../src/main/services/messaging';
import { leftovers, lxdListing, type LxdListing } from '../../support/lxd-listing';
import { removeTestDatacenter } from '../../support/remove-datacenter';
import { harness, testOverrides, TEST_IMAGE, type Harness } from '../datacenter/harness';

// Kafka in KRaft mode and the logging pipeline, deployed by BCM into the real LXD from the local
// image (its JVM variant for Kafka) and the Kafka jars assembled from Maven Central
// (scripts/build-kafka-artifact.sh), then read through the messaging adapter: kafkajs over byte
// tunnels in LXD exec, nothing listening on the host.
const NAME = `bcmt-kf${process.pid % 10000}`;
const names = namesFor(NAME);

function lxc(...args: string[]): string {
  return execFileSync('lxc', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}


async function waitFor<T>(what: string | (() => string), fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe('Kafka and the logging pipeline on the real LXD', () => {
  let h: Harness;
  let messaging: MessagingService;
  let before: LxdListing;

  beforeAll(async () => {
    before = lxdListing();
    h = await harness();
    messaging = createMessagingService({ spec: (n) => h.service.get(n), client: (e) => h.registry.client(e), overviewTimeoutMs: 20_000 });
    const spec = datacenterSpecSchema.parse({
      schemaVersion: 1, name: NAME, endpoint: 'local', chain: 'regtest',
      bitcoin: { implementation: 'btcd' }, lightning: { lnd: false, clightning: false },
      kafka: { enabled: true, brokers: 1 }, logging: true,
      image: { alias: TEST_IMAGE }, artifacts: await testOverrides(),
    });
    await h.service.save(spec, false);
  });
  afterAll(async () => {
    await messaging?.closeAll();
    removeTestDatacenter(names);
    await h?.close();
  });

  it('deploys a KRaft broker from the Maven Central jars on the JVM image, every component healthy', async () => {
    const plan = await h.service.plan(NAME, 'apply', true);
    expect(plan.blockers).toEqual([]);
    expect(plan.actions.map((a) => a.title)).toContain('Enable and (re)start kafka.service, bcm-log-shipper.service');
    const { done } = await h.service.apply(NAME);
    await done;
    const snap = h.service.run(NAME)!;
    const failed = Object.entries(snap.steps).find(([, s]) => s.state === 'failed');
    expect(failed?.[1].error?.message ?? null, `failed step ${failed?.[0]}: ${failed?.[1].log.join('\n')}`).toBeNull();
    const status = await h.service.status(NAME);
    expect(status.components.find((c) => c.kind === 'kafka')?.health).toBe('healthy');
    expect(status.components.find((c) => c.kind === 'gateway')?.containers[0]?.service).toBe('active'); // tor, tinyproxy and the shipper
    const kafka = JSON.parse(lxc('query', `/1.0/instances/kafka-01?project=${names.project}`)) as { config: Record<string, string> };
    expect(kafka.config['image.description']).toMatch(/OpenJDK 17/);
  }, 300_000);

  it('reads brokers, the quorum and the log topic through tunnels, with every container shipping its journal', async () => {
    const o = await waitFor('the log topic', async () => {
      const r = await messaging.overview(NAME);
      return r.topics.some((t) => t.name === KAFKA_LOG_TOPIC && t.messages > 0) && r.quorum ? r : undefined;
    }, 60_000);
    expect(o.state).toBe('healthy');
    expect(o.brokers).toEqual([{ nodeId: 1, host: expect.stringMatching(/^10\./), port: 9092, container: 'kafka-01' }]);
    expect(o.quorum).toMatchObject({ leaderId: 1, voters: [1] });
    expect(o.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const logs = o.topics.find((t) => t.name === KAFKA_LOG_TOPIC)!;
    expect(logs).toMatchObject({ partitions: 1, replicationFactor: 1, underReplicated: 0, offline: 0 });

    // follow the log topic: journal lines of every container, as JSON
    const containers = new Set<string>();
    const events: TopicTailEvent[] = [];
    const stop = messaging.tail({ datacenter: NAME, topic: KAFKA_LOG_TOPIC, backlog: 1000 }, (e) => {
      events.push(e);
      if (e.type === 'messages') for (const m of e.messages) containers.add((JSON.parse(m.value ?? '{}') as { container?: string }).container ?? '?');
    });
    try {
      // a deadline, not a speed check: each shipper sends its journal when it has new lines
      await waitFor(() => `lines from gateway, btcd and kafka-01 (so far: ${[...containers].join(', ') || 'none'})`, async () => (['gateway', 'btcd', 'kafka-01'].every((c) => containers.has(c)) ? true : undefined), 90_000);
    } finally {
      stop();
    }
    expect(events.some((e) => e.type === 'state' && e.state === 'live')).toBe(true);

    // the log topic grows (the broker logs the tail's consumer group coming and going, and the shipper sends it)
    const grown = await waitFor('the log topic to grow', async () => {
      const r = await messaging.overview(NAME);
      const t = r.topics.find((x) => x.name === KAFKA_LOG_TOPIC);
      return t && t.endOffset > logs.endOffset ? r : undefined;
    }, 30_000);
    expect(grown.rates.length).toBeGreaterThan(0);
    // the tail's throwaway consumer group is gone again
    expect(grown.groups.map((g) => g.groupId).filter((g) => g.startsWith('bcm-tail-'))).toEqual([]);
  }, 120_000);

  it("gives a consumer group's lag as Kafka's own kafka-consumer-groups does", async () => {
    const inKafka = (cmd: string) => lxc('exec', '--project', names.project, 'kafka-01', '--', 'sh', '-c', cmd);
    inKafka(`timeout 60 kafka-console-consumer --bootstrap-server 127.0.0.1:9092 --topic ${KAFKA_LOG_TOPIC} --group bcmt-reporter --from-beginning --max-messages 10 >/dev/null 2>&1`);
    const described = inKafka('kafka-consumer-groups --bootstrap-server 127.0.0.1:9092 --describe --group bcmt-reporter 2>/dev/null');
    const [, current, end] = /bcmt-reporter\s+bcm-logs\s+0\s+(\d+)\s+(\d+)/.exec(described) ?? [];
    expect(Number(current)).toBe(10);
    const o = await messaging.overview(NAME);
    const group = o.groups.find((g) => g.groupId === 'bcmt-reporter');
    expect(group).toMatchObject({ state: 'Empty', members: 0, perTopic: [{ topic: KAFKA_LOG_TOPIC, lag: expect.any(Number) }] });
    // the log topic keeps growing between the two reads: the lag is at least the tool's
    expect(group!.lag).toBeGreaterThanOrEqual(Number(end) - 10);
    expect(group!.lag).toBe((o.topics.find((t) => t.name === KAFKA_LOG_TOPIC)?.endOffset ?? 0) - 10);
  }, 90_000);

  it('says Kafka is down (not an error) while the broker is stopped, and healthy again after', async () => {
    lxc('exec', '--project', names.project, 'kafka-01', '--', 'systemctl', 'stop', 'kafka.service');
    try {
      const down = await waitFor('state down', async () => {
        const r = await messaging.overview(NAME);
        return r.state === 'down' ? r : undefined;
      }, 60_000);
      expect(down.problems[0]).toMatch(/not answering/);
      expect(down.lastOkAt).not.toBeNull();
    } finally {
      lxc('exec', '--project', names.project, 'kafka-01', '--', 'systemctl', 'start', 'kafka.service');
    }
    await waitFor('state healthy', async () => ((await messaging.overview(NAME)).state === 'healthy' ? true : undefined), 90_000);
  }, 180_000);

  it("fails kafkajs's socket to a port nothing listens on, or to an address that is no broker, with the reason", async () => {
    const client = await h.registry.client('local');
    const ip = JSON.parse(lxc('query', `/1.0/instances/kafka-01/state?project=${names.project}`)) as { network: Record<string, { addresses: Array<{ family: string; address: string }> }> };
    const address = ip.network.eth0?.addresses.find((a) => a.family === 'inet')?.address ?? '';
    const factory = kafkaSocketFactory({ client, project: names.project }, { [address]: 'kafka-01' });
    const failure = (host: string, port: number) =>
      new Promise<Error>((resolve) => {
        const socket = factory({ host, port, ssl: {}, onConnect: () => undefined });
        socket.on('error', resolve);
        socket.write(Buffer.from([0, 0, 0, 0]));
      });
    expect((await failure(address, 9)).message).toMatch(/the Kafka broker in kafka-01 is not listening \(.*:9: connection refused\)/);
    expect((await failure('192.0.2.1', 9092)).message).toMatch(/no broker container of this datacenter/);
  });

  it('plans nothing on a second apply', async () => {
    expect((await h.service.plan(NAME, 'apply', true)).actions).toEqual([]);
  });

  it('turning Kafka and logging off removes the broker, its data when asked, and the shippers; the node is untouched (issue 12)', async () => {
    await messaging.closeAll();
    const listed = () => lxc('list', '--project', names.project, '-c', 'n', '-f', 'csv').split('\n').filter(Boolean).sort();
    // custom (data) volumes only; each container's root volume is listed too
    const volumes = () =>
      lxc('storage', 'volume', 'list', 'default', '--project', names.project, '-c', 'tn', '-f', 'csv')
        .split('\n')
        .filter((l) => l.startsWith('custom,'))
        .map((l) => l.slice('custom,'.length))
        .sort();
    expect(listed()).toEqual(['btcd', 'gateway', 'kafka-01']);
    expect(volumes()).toEqual(['btcd-data', 'kafka-01-data']);
    const btcdBefore = JSON.parse(lxc('query', `/1.0/instances/btcd?project=${names.project}`)) as { config: Record<string, string> };
    const on = await h.service.get(NAME);
    await h.service.save({ ...on, kafka: { enabled: false, brokers: 1 }, logging: false }, true);

    const kept = await h.service.plan(NAME, 'apply', true);
    expect(kept.removals).toEqual([{ component: 'kafka', title: 'Kafka', containers: ['kafka-01'], volumes: ['kafka-01-data'], deleteData: false }]);
    const plan = await h.service.plan(NAME, 'apply', true, ['kafka']);
    const ids = plan.actions.map((a) => a.id);
    expect(ids.slice(0, 3)).toEqual(['stop-instance:kafka-01', 'delete-instance:kafka-01', 'delete-volume:kafka-01-data']);
    // the shipper leaves the gateway and btcd (each snapshotted first): nothing else of theirs changes
    expect(ids.filter((id) => /btcd|gateway/.test(id))).toEqual(['snapshot:gateway', 'enable-service:gateway', 'wait-healthy:gateway', 'snapshot:btcd', 'write-config:btcd', 'enable-service:btcd', 'wait-healthy:btcd']);

    const { done } = await h.service.apply(NAME, ['kafka']);
    await done;
    const snap = h.service.run(NAME)!;
    const failed = Object.entries(snap.steps).find(([, st]) => st.state === 'failed');
    expect(failed?.[1].error?.message ?? null, `failed step ${failed?.[0]}: ${failed?.[1].log.join('\n')}`).toBeNull();
    expect(listed()).toEqual(['btcd', 'gateway']);
    expect(volumes()).toEqual(['btcd-data']);
    for (const c of ['gateway', 'btcd']) {
      const units = lxc('exec', '--project', names.project, c, '--', 'sh', '-c', 'ls /etc/systemd/system/ | grep bcm- || true').trim();
      expect(units, c).toBe('');
    }
    const btcdAfter = JSON.parse(lxc('query', `/1.0/instances/btcd?project=${names.project}`)) as { config: Record<string, string> };
    expect(btcdAfter.config['volatile.last_state.power']).toBe('RUNNING');
    expect(btcdAfter.config['user.bcm.step.instance']).toBe(btcdBefore.config['user.bcm.step.instance']);
    const status = await h.service.status(NAME);
    expect(status.components.map((c) => c.kind)).toEqual(['gateway', 'btcd']);
    expect(status.components.find((c) => c.kind === 'btcd')?.health).toBe('healthy');
    expect(status.orphans).toEqual([]);
    expect((await h.service.plan(NAME, 'apply', true)).actions).toEqual([]);
  }, 300_000);

  it('takes it down, leaving the LXD server as it was', async () => {
    await messaging.closeAll();
    const { done } = await h.service.down(NAME, NAME, false);
    await done;
    const run = h.service.run(NAME);
    const failed = Object.entries(run?.steps ?? {}).find(([, st]) => st.state === 'failed');
    expect(failed?.[1].error?.message ?? null, `failed step ${failed?.[0]}: ${failed?.[1].log.join('\n')}`).toBeNull();
    expect(run?.outcome).toBe('succeeded');
    // exactly what it made is gone, and what was there before is still there
    expect(leftovers(before, lxdListing(), { project: names.project, networks: [names.internalNetwork, names.natNetwork], acls: [names.internalAcl] })).toEqual({ left: [], lost: [] });
  }, 180_000);
});
