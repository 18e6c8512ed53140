import { KAFKA_LOG_TOPIC, type KafkaOverview, type TopicTailEvent } from '../../../shared/channels/messaging';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import { projectName } from '../../../shared/datacenter/spec';
import type { LxdClient } from '../../lxd';
import { addressesFor } from '../../datacenter/naming';
import { describeError, KafkaAdapter, type KafkaTarget } from './kafka-adapter';
import type { MessagingAdapter } from './types';

export interface MessagingDeps {
  /** the saved spec of a datacenter (NOT_FOUND when there is none) */
  spec(datacenter: string): Promise<DatacenterSpec>;
  /** a connected client for an endpoint */
  client(endpoint: string): Promise<LxdClient>;
  /** the adapter for a datacenter (default: Kafka through kafkajs); tests pass their own */
  adapterFor?: (target: KafkaTarget) => MessagingAdapter;
  /** an adapter nobody used for this long is closed (its tunnels with it); default 2 minutes */
  idleMs?: number;
  /** an overview that takes longer says "not answering"; default 15 s */
  overviewTimeoutMs?: number;
}

interface Entry {
  key: string;
  adapter: MessagingAdapter;
  usedAt: number;
  tails: number;
  inflight?: Promise<Omit<KafkaOverview, 'lastOkAt'>>;
}

/**
 * The messaging role for every datacenter: one adapter per datacenter, made on first use, kept
 * while dashboards look at it and closed when idle. Overviews never throw for a sick cluster: a
 * cluster that is down, slow or half-answering comes back as a state with its problems, and the
 * time it last answered.
 */
export class MessagingService {
  private readonly entries = new Map<string, Entry>();
  private readonly lastOk = new Map<string, string>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly deps: MessagingDeps) {
    this.sweeper = setInterval(() => void this.sweep(), 30_000);
    this.sweeper.unref();
  }

  private async entry(datacenter: string): Promise<{ spec: DatacenterSpec; entry: Entry | null }> {
    const spec = await this.deps.spec(datacenter);
    if (!spec.kafka.enabled) return { spec, entry: null };
    const addresses = addressesFor(spec);
    const key = JSON.stringify({ endpoint: spec.endpoint, kafka: spec.kafka, logging: spec.logging, addresses });
    const found = this.entries.get(datacenter);
    if (found && found.key === key) {
      found.usedAt = Date.now();
      return { spec, entry: found };
    }
    if (found) {
      this.entries.delete(datacenter);
      void found.adapter.close();
    }
    const client = await this.deps.client(spec.endpoint);
    const target: KafkaTarget = { spec, client, project: projectName(spec.name), addresses };
    const adapter = this.deps.adapterFor ? this.deps.adapterFor(target) : new KafkaAdapter(target);
    const entry: Entry = { key, adapter, usedAt: Date.now(), tails: 0 };
    this.entries.set(datacenter, entry);
    return { spec, entry };
  }

  async overview(datacenter: string): Promise<KafkaOverview> {
    const { spec, entry } = await this.entry(datacenter);
    const lastOkAt = (): string | null => this.lastOk.get(datacenter) ?? null;
    if (!entry) {
      const now = new Date().toISOString();
      return {
        datacenter, state: 'disabled', problems: ['Kafka is not enabled in this datacenter.'], lastOkAt: null, checkedAt: now, logging: spec.logging,
        logTopic: KAFKA_LOG_TOPIC, expectedBrokers: 0, clusterId: null, brokers: [], quorum: null, topics: [], groups: [], rates: [],
      };
    }
    // one look at a time per datacenter: a slow cluster is not asked again while it thinks
    entry.inflight ??= entry.adapter.overview().finally(() => {
      entry.inflight = undefined;
    });
    const timeoutMs = this.deps.overviewTimeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    const result = await Promise.race([entry.inflight.catch((err: unknown) => ({ error: describeError(err) })), timeout]).finally(() => clearTimeout(timer));
    const checkedAt = new Date().toISOString();
    if (result === null || 'error' in result) {
      const why = result === null ? `no answer within ${Math.round(timeoutMs / 100) / 10} s` : result.error;
      return {
        datacenter, state: 'down', problems: [`Kafka is not answering: ${why}`], lastOkAt: lastOkAt(), checkedAt, logging: spec.logging,
        logTopic: KAFKA_LOG_TOPIC, expectedBrokers: spec.kafka.brokers, clusterId: null, brokers: [], quorum: null, topics: [], groups: [], rates: [],
      };
    }
    if (result.state !== 'down') this.lastOk.set(datacenter, result.checkedAt);
    return { ...result, lastOkAt: lastOkAt() };
  }

  /** Follows a topic; the returned function stops it. Errors (no Kafka, unknown datacenter) arrive as a state event. */
  tail(params: { datacenter: string; topic: string; backlog: number }, emit: (event: TopicTailEvent) => void): () => void {
    let stop: (() => void) | undefined;
    let stopped = false;
    let counted: Entry | undefined;
    void this.entry(params.datacenter)
      .then(({ entry }) => {
        if (stopped) return;
        if (!entry) {
          emit({ type: 'state', state: 'error', message: 'Kafka is not enabled in this datacenter.', at: Date.now() });
          return;
        }
        counted = entry;
        entry.tails++;
        stop = entry.adapter.tail(params.topic, params.backlog, emit);
      })
      .catch((err: unknown) => emit({ type: 'state', state: 'error', message: describeError(err), at: Date.now() }));
    return () => {
      stopped = true;
      stop?.();
      if (counted) {
        counted.tails--;
        counted.usedAt = Date.now();
      }
    };
  }

  private async sweep(): Promise<void> {
    const idle = this.deps.idleMs ?? 120_000;
    for (const [name, e] of this.entries) {
      if (e.tails === 0 && !e.inflight && Date.now() - e.usedAt > idle) {
        this.entries.delete(name);
        await e.adapter.close().catch(() => undefined);
      }
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((e) => e.adapter.close().catch(() => undefined)));
  }
}

/** The factory app-context wires: specs from the datacenter store, clients from the endpoint registry. */
export function createMessagingService(deps: MessagingDeps): MessagingService {
  return new MessagingService(deps);
}
