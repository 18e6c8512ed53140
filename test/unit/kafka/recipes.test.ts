import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { containersOf } from '../../../src/shared/datacenter/catalog';
import { datacenterSpecSchema, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { recipeFor, secretGenerators } from '../../../src/main/datacenter/components';
import { kafkaHeapMiB, newClusterId } from '../../../src/main/datacenter/components/kafka';
import type { ContainerRecipe, RecipeContext } from '../../../src/main/datacenter/recipe';

const run = promisify(execFile);

function spec(brokers: 1 | 3, logging = true, image?: { alias: string; server?: string }): DatacenterSpec {
  return datacenterSpecSchema.parse({
    schemaVersion: 1, name: 'home', endpoint: 'local', chain: 'regtest',
    bitcoin: { implementation: 'btcd' }, lightning: { lnd: true, clightning: false },
    kafka: { enabled: true, brokers }, logging, ...(image ? { image } : {}),
  });
}

function ctxFor(s: DatacenterSpec): RecipeContext {
  const addresses = Object.fromEntries(containersOf(s).map((c, i) => [c.name, c.name === 'gateway' ? '10.70.4.2' : `10.70.4.${10 + i}`]));
  return { addresses, secrets: { 'kafka-cluster-id': 'MkU3OEVBNTcwNTJENDM2Qk', 'btcd-rpc-password': 'pw' }, gatewayProxy: 'http://10.70.4.2:8888' };
}

function recipes(s: DatacenterSpec): Record<string, ContainerRecipe> {
  const ctx = ctxFor(s);
  return Object.fromEntries(containersOf(s).map((c) => [c.name, recipeFor(s, c, ctx)]));
}

const file = (r: ContainerRecipe | undefined, path: string): string => {
  const f = r?.files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path}`);
  return f.content;
};

describe('Kafka recipe (KRaft)', () => {
  it('one broker is its own combined controller+broker quorum, replication 1', () => {
    const r = recipes(spec(1))['kafka-01'];
    const props = file(r, '/etc/kafka/server.properties');
    expect(props).toContain('process.roles=broker,controller\n');
    expect(props).toContain('node.id=1\n');
    expect(props).toMatch(/^controller\.quorum\.voters=1@10\.70\.4\.\d+:9093$/m);
    expect(props).toMatch(/^advertised\.listeners=PLAINTEXT:\/\/10\.70\.4\.\d+:9092$/m);
    for (const k of ['default.replication.factor=1', 'offsets.topic.replication.factor=1', 'min.insync.replicas=1', 'log.dirs=/var/lib/kafka/data']) expect(props).toContain(k);
    expect(file(r, '/etc/kafka/kafka.env')).toBe('KAFKA_CLUSTER_ID=MkU3OEVBNTcwNTJENDM2Qk\n');
    expect(r?.secrets).toEqual(['kafka-cluster-id']);
    expect(r?.volumes).toEqual([{ name: 'data', path: '/var/lib/kafka', uid: 2105, gid: 2105 }]);
    expect(r?.artifacts).toEqual([{ artifact: 'kafka', installs: [{ from: 'libs/', to: '/opt/kafka/libs/', mode: 0o644 }] }]);
  });

  it('three brokers form a three-voter quorum from their fixed addresses, each with its own node id', () => {
    const all = recipes(spec(3));
    const voters = ['kafka-01', 'kafka-02', 'kafka-03'].map((n) => /^controller\.quorum\.voters=(.*)$/m.exec(file(all[n], '/etc/kafka/server.properties'))?.[1]);
    expect(new Set(voters).size).toBe(1);
    expect(voters[0]?.split(',').map((v) => v.split('@')[0])).toEqual(['1', '2', '3']);
    expect(file(all['kafka-03'], '/etc/kafka/server.properties')).toContain('node.id=3\n');
    expect(file(all['kafka-02'], '/etc/kafka/server.properties')).toContain('min.insync.replicas=2\n');
    expect(file(all['kafka-02'], '/etc/kafka/server.properties')).toContain('default.replication.factor=3\n');
  });

  it('waits for the whole quorum on the last node only (the plan starts nodes one by one)', () => {
    const all = recipes(spec(3));
    expect(all['kafka-01']?.health.command.join(' ')).toContain("sport = :9093");
    expect(all['kafka-01']?.health.expect).toBeUndefined();
    expect(all['kafka-03']?.health.command.join(' ')).toContain('kafka-broker-api-versions --bootstrap-server 127.0.0.1:9092');
    expect(all['kafka-03']?.health.expect).toBe('^3\\s*$');
    expect(recipes(spec(1))['kafka-01']?.health.expect).toBe('^1\\s*$');
  });

  it('sizes the heap from the container memory and formats storage with the cluster id before starting', () => {
    expect([512, 1536, 4096, 65536].map(kafkaHeapMiB)).toEqual([256, 768, 2048, 6144]);
    const unit = recipes(spec(1))['kafka-01']?.units[0];
    expect(unit?.name).toBe('kafka.service');
    expect(unit?.content).toContain('-Xms768m -Xmx768m');
    expect(unit?.content).toMatch(/^ExecStartPre=.*kafka\.tools\.StorageTool format --ignore-formatted --cluster-id \$\{KAFKA_CLUSTER_ID\}/m);
    expect(unit?.content).toContain('-cp /opt/kafka/libs/* kafka.Kafka /etc/kafka/server.properties');
    expect(unit?.content).toMatch(/^User=kafka$/m);
  });

  it("starts from BCM's JVM image variant on the local image, and installs the JRE on first boot elsewhere", () => {
    expect(recipes(spec(1, true, { alias: 'bcm-debian-bookworm' }))['kafka-01']?.image).toEqual({ alias: 'bcm-debian-bookworm-jvm' });
    expect(recipes(spec(1))['kafka-01']?.image).toBeUndefined(); // the default remote image
    expect(recipes(spec(1, true, { alias: 'my-own' }))['kafka-01']?.image).toBeUndefined();
    expect(recipes(spec(1))['kafka-01']?.userData).toContain('openjdk-17-jre-headless');
    expect(recipes(spec(1, true, { alias: 'bcm-debian-bookworm' }))['gateway']?.image).toBeUndefined();
  });

  it('makes a cluster id Kafka accepts: 16 random bytes, URL-safe base64, never starting with "-"', async () => {
    for (let i = 0; i < 200; i++) {
      const id = newClusterId();
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    }
    const made = await secretGenerators['kafka-cluster-id']!('home', {});
    expect(Object.keys(made)).toEqual(['kafka-cluster-id']);
  });
});

describe('logging pipeline hook', () => {
  it('adds the journal shipper to every container when logging is on', () => {
    const all = recipes(spec(3));
    expect(Object.keys(all)).toEqual(['gateway', 'btcd', 'lnd', 'kafka-01', 'kafka-02', 'kafka-03']);
    for (const [name, r] of Object.entries(all)) {
      expect(r.units.map((u) => u.name)).toContain('bcm-log-shipper.service');
      const conf = file(r, '/etc/bcm-log-shipper.conf');
      expect(conf).toContain(`constant(outname="container" value="${name}" format="jsonf")`);
      expect(conf).toContain(`key="${name}"`);
      expect(conf).toContain('topic="bcm-logs"');
      expect(conf).toMatch(/broker=\["10\.70\.4\.\d+:9092", "10\.70\.4\.\d+:9092", "10\.70\.4\.\d+:9092"\]/);
      expect(conf).toContain('module(load="imjournal"');
    }
    const unit = all.gateway?.units.find((u) => u.name === 'bcm-log-shipper.service')?.content ?? '';
    expect(unit).toContain('ExecStart=/usr/sbin/rsyslogd -n -iNONE -f /etc/bcm-log-shipper.conf');
    expect(unit).toContain('SupplementaryGroups=systemd-journal');
    expect(unit).toMatch(/^ExecStartPre=\+\/bin\/sh -c 'dpkg -s rsyslog rsyslog-kafka/m);
  });

  it('adds nothing when logging is off', () => {
    for (const r of Object.values(recipes(spec(1, false)))) {
      expect(r.units.map((u) => u.name)).not.toContain('bcm-log-shipper.service');
      expect(r.files.map((f) => f.path)).not.toContain('/etc/bcm-log-shipper.conf');
    }
  });

  it("escapes the datacenter's name in the shipper's config", () => {
    const s = spec(1);
    const conf = file(recipes({ ...s, name: 'a"b' })['btcd'], '/etc/bcm-log-shipper.conf');
    expect(conf).toContain('value="a\\"b"');
  });
});

describe("Kafka's user-data passes Debian's `cloud-init schema`", () => {
  it('is valid cloud-config', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bcmt-kf-ci-'));
    try {
      const path = join(dir, 'kafka.yaml');
      await writeFile(path, recipes(spec(3))['kafka-02']!.userData);
      const { stdout, stderr } = await run('cloud-init', ['schema', '--config-file', path]);
      expect(`${stdout}${stderr}`).toMatch(/^Valid (schema|cloud-config)/im);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
