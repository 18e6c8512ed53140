import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { Kafka, logLevel, type Admin, type ISocketFactory } from 'kafkajs';
import { KAFKA_LOG_TOPIC, type KafkaOverview, type KafkaQuorum, type KafkaTopic, type TopicTailEvent } from '../../../shared/channels/messaging';
import { catalog } from '../../../shared/datacenter/catalog';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import { BcmError } from '../../../shared/errors';
import type { LxdClient } from '../../lxd';
import { KAFKA_PORTS } from '../../datacenter/components/kafka';
import { clusterProblems, groupRow, isUserGroup, parseQuorumStatus, RateTracker, topicRow } from './model';
import { startTopicTail } from './tail';
import { ExecTunnel } from '../transport/tunnel';
import type { MessagingAdapter } from './types';

export interface KafkaTarget {
  spec: DatacenterSpec;
  client: LxdClient;
  project: string;
  /** container name -> fixed internal address */
  addresses: Record<string, string>;
}

const QUORUM_TTL_MS = 30_000;

/** What a failed call says, for the dashboard. */
export function describeError(err: unknown): string {
  if (err instanceof BcmError) return err.message;
  const e = err as { message?: unknown; cause?: { message?: unknown } } | null;
  const msg = typeof e?.message === 'string' ? e.message : String(err);
  const cause = typeof e?.cause?.message === 'string' ? `: ${e.cause.message}` : '';
  return `${msg}${cause}`;
}

/**
 * kafkajs's sockets: each advertised listener (a broker container's internal address) is reached
 * by a byte tunnel over LXD exec into that container (src/main/services/transport/tunnel.ts, shared
 * with the node and Lightning adapters). Writes made before LXD attaches the relay are queued, so
 * the socket counts as connected at once; a relay that cannot reach the port fails it with why.
 */
export function kafkaSocketFactory(target: Pick<KafkaTarget, 'client' | 'project'>, containerOf: Record<string, string>): ISocketFactory {
  return ({ host, port, onConnect }) => {
    const instance = containerOf[host];
    if (!instance) {
      const refused = new PassThrough();
      queueMicrotask(() => refused.destroy(new BcmError('UNREACHABLE', `Kafka advertised ${host}:${port}, which is no broker container of this datacenter.`)));
      return refused as unknown as Socket;
    }
    const tunnel = new ExecTunnel(target.client, { project: target.project, instance, target: { host, port }, label: `the Kafka broker in ${instance}` });
    queueMicrotask(onConnect);
    // kafkajs uses the net.Socket surface a tunnel implements: write, end, on, setKeepAlive, unref
    return tunnel as unknown as Socket;
  };
}

/**
 * Kafka through kafkajs, every connection a tunnel over LXD exec into the broker's own container:
 * the socket factory maps each advertised listener (a container's internal address) to that
 * container, so bootstrap, leaders and coordinators all resolve without any port on the host.
 */
export class KafkaAdapter implements MessagingAdapter {
  readonly kind = 'kafka';
  private readonly kafka: Kafka;
  private readonly containerOf: Record<string, string>;
  private adminClient: Admin | undefined;
  private connecting: Promise<Admin> | undefined;
  private readonly rates = new RateTracker();
  private quorumCache: { at: number; value: KafkaQuorum | null; error?: string } | undefined;
  readonly brokers: string[];

  constructor(private readonly target: KafkaTarget) {
    const containers = catalog.kafka.containers(target.spec);
    this.containerOf = Object.fromEntries(containers.map((c) => [target.addresses[c] ?? '', c]).filter(([ip]) => ip));
    this.brokers = containers.map((c) => `${target.addresses[c] ?? c}:${KAFKA_PORTS.broker}`);
    const socketFactory = kafkaSocketFactory(target, this.containerOf);
    this.kafka = new Kafka({
      clientId: 'bcm',
      brokers: this.brokers,
      socketFactory,
      connectionTimeout: 10_000,
      requestTimeout: 15_000,
      retry: { retries: 1, initialRetryTime: 300, maxRetryTime: 2_000 },
      logLevel: logLevel.NOTHING,
    });
  }

  private async admin(): Promise<Admin> {
    if (this.adminClient) return this.adminClient;
    this.connecting ??= (async () => {
      const admin = this.kafka.admin({ retry: { retries: 1, initialRetryTime: 300 } });
      await admin.connect();
      this.adminClient = admin;
      return admin;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /** Drops the admin connection after a failure, so the next call starts afresh. */
  private async reset(): Promise<void> {
    const admin = this.adminClient;
    this.adminClient = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  /** The KRaft quorum from `kafka-metadata-quorum`, run in the first broker container (cached: it starts a JVM). */
  private async quorum(): Promise<{ value: KafkaQuorum | null; error?: string }> {
    const now = Date.now();
    if (this.quorumCache && now - this.quorumCache.at < QUORUM_TTL_MS) return this.quorumCache;
    const instance = catalog.kafka.containers(this.target.spec)[0] ?? 'kafka-01';
    const result = await this.target.client.exec
      .run(instance, ['/usr/local/bin/kafka-metadata-quorum', '--bootstrap-server', `127.0.0.1:${KAFKA_PORTS.broker}`, 'describe', '--status'], { project: this.target.project, idempotent: true })
      .then((res) => {
        const value = res.exitCode === 0 ? parseQuorumStatus(res.stdout.toString('utf8'), new Date().toISOString()) : null;
        return value ? { value } : { value: null, error: `kafka-metadata-quorum: ${res.stderr.toString('utf8').trim().split('\n').pop() || `exit ${res.exitCode}`}` };
      })
      .catch((err: unknown) => ({ value: null, error: `The KRaft quorum could not be read: ${describeError(err)}` }));
    this.quorumCache = { at: now, ...result };
    return result;
  }

  async overview(): Promise<Omit<KafkaOverview, 'lastOkAt'>> {
    const spec = this.target.spec;
    const checkedAt = new Date().toISOString();
    const base = { datacenter: spec.name, checkedAt, logging: spec.logging, logTopic: KAFKA_LOG_TOPIC, expectedBrokers: this.brokers.length };
    const quorumP = this.quorum();
    let admin: Admin;
    let cluster: Awaited<ReturnType<Admin['describeCluster']>>;
    let metadata: Awaited<ReturnType<Admin['fetchTopicMetadata']>>;
    try {
      admin = await this.admin();
      cluster = await admin.describeCluster();
      metadata = await admin.fetchTopicMetadata();
    } catch (err) {
      await this.reset();
      const quorum = await quorumP;
      return { ...base, state: 'down', problems: [`Kafka is not answering: ${describeError(err)}`], clusterId: null, brokers: [], quorum: quorum.value, topics: [], groups: [], rates: this.rates.recent() };
    }
    const problems: string[] = [];
    const offsets = await Promise.all(
      metadata.topics.map((t) =>
        admin.fetchTopicOffsets(t.name).catch((err: unknown) => {
          problems.push(`Offsets of ${t.name} could not be read: ${describeError(err)}`);
          return undefined;
        }),
      ),
    );
    const rows = metadata.topics.map((t, i) => topicRow({ name: t.name, partitions: t.partitions, offsets: offsets[i] }));
    const ends: Record<string, Record<number, number>> = {};
    metadata.topics.forEach((t, i) => {
      ends[t.name] = Object.fromEntries((offsets[i] ?? []).map((o) => [o.partition, Number(o.high)]));
    });
    const readable = rows.filter((_, i) => offsets[i] !== undefined);
    const rates = this.rates.sample(Date.now(), Object.fromEntries(readable.map((r) => [r.name, r.endOffset])));
    const topics: KafkaTopic[] = rows.map((r) => ({ ...r, messagesPerSecond: rates[r.name] ?? null })).sort((a, b) => Number(a.internal) - Number(b.internal) || a.name.localeCompare(b.name));
    const groups = await this.groups(admin, metadata.topics.map((t) => t.name), ends).catch((err: unknown) => {
      problems.push(`Consumer groups could not be read: ${describeError(err)}`);
      return [];
    });
    const quorum = await quorumP;
    if (quorum.error) problems.push(quorum.error);
    const health = clusterProblems({ expectedBrokers: this.brokers.length, brokers: cluster.brokers.length, topics, quorum: quorum.value, logging: spec.logging, logTopic: KAFKA_LOG_TOPIC });
    return {
      ...base,
      state: health.length || problems.length ? 'degraded' : 'healthy',
      problems: [...health, ...problems],
      clusterId: cluster.clusterId,
      brokers: cluster.brokers
        .map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, container: this.containerOf[b.host] ?? null }))
        .sort((a, b) => a.nodeId - b.nodeId),
      quorum: quorum.value,
      topics,
      groups,
      rates: this.rates.recent(),
    };
  }

  private async groups(admin: Admin, topics: string[], ends: Record<string, Record<number, number>>) {
    const listed = (await admin.listGroups()).groups.filter((g) => isUserGroup(g.groupId));
    if (!listed.length) return [];
    const described = await admin.describeGroups(listed.map((g) => g.groupId));
    return Promise.all(
      described.groups.map(async (g) => {
        const committed = await admin.fetchOffsets({ groupId: g.groupId, topics }).catch(() => []);
        return groupRow({ groupId: g.groupId, state: g.state, protocolType: g.protocolType, members: g.members.length, committed }, ends);
      }),
    ).then((rows) => rows.sort((a, b) => b.lag - a.lag || a.groupId.localeCompare(b.groupId)));
  }

  tail(topic: string, backlog: number, emit: (event: TopicTailEvent) => void): () => void {
    return startTopicTail({ kafka: this.kafka, admin: () => this.admin(), topic, backlog, emit });
  }

  async close(): Promise<void> {
    await this.reset();
  }
}
