import { afterEach, describe, expect, it } from 'vitest';
import type { KafkaOverview, TopicTailEvent } from '../../../src/shared/channels/messaging';
import { datacenterSpecSchema, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { BcmError } from '../../../src/shared/errors';
import type { LxdClient } from '../../../src/main/lxd';
import { MessagingService } from '../../../src/main/services/messaging';
import type { KafkaTarget } from '../../../src/main/services/messaging';
import type { MessagingAdapter } from '../../../src/main/services/messaging/types';

// MessagingService's own logic (disabled, timeouts, "last answered", one look at a time, rebuild
// on a changed spec) with a STAND-IN adapter scripted per test. The real adapter is exercised
// against a real broker in test/integration/kafka.

const specOf = (kafka: boolean, brokers: 1 | 3 = 1): DatacenterSpec =>
  datacenterSpecSchema.parse({ schemaVersion: 1, name: 'home', endpoint: 'local', chain: 'regtest', bitcoin: { implementation: 'btcd' }, lightning: { lnd: false, clightning: false }, kafka: { enabled: kafka, brokers }, logging: kafka });

const healthy = (): Omit<KafkaOverview, 'lastOkAt'> => ({
  datacenter: 'home', state: 'healthy', problems: [], checkedAt: new Date().toISOString(), logging: true, logTopic: 'bcm-logs', expectedBrokers: 1,
  clusterId: 'c', brokers: [{ nodeId: 1, host: '10.0.0.10', port: 9092, container: 'kafka-01' }], quorum: null, topics: [], groups: [], rates: [],
});

class ScriptedAdapter implements MessagingAdapter {
  readonly kind = 'kafka';
  calls = 0;
  closed = false;
  constructor(public next: () => Promise<Omit<KafkaOverview, 'lastOkAt'>>) {}
  overview() {
    this.calls++;
    return this.next();
  }
  tail(_topic: string, _backlog: number, emit: (e: TopicTailEvent) => void) {
    emit({ type: 'state', state: 'live', at: 0 });
    return () => undefined;
  }
  async close() {
    this.closed = true;
  }
}

let service: MessagingService | undefined;
afterEach(async () => service?.closeAll());

function make(spec: () => DatacenterSpec, adapters: ScriptedAdapter[], timeoutMs = 200) {
  const targets: KafkaTarget[] = [];
  service = new MessagingService({
    spec: async () => spec(),
    client: async () => ({}) as LxdClient,
    adapterFor: (t) => {
      targets.push(t);
      const a = adapters[targets.length - 1];
      if (!a) throw new Error('no more adapters');
      return a;
    },
    overviewTimeoutMs: timeoutMs,
  });
  return { service, targets };
}

describe('MessagingService', () => {
  it('says Kafka is not enabled without connecting anything', async () => {
    const { service: s, targets } = make(() => specOf(false), []);
    const o = await s.overview('home');
    expect(o.state).toBe('disabled');
    expect(targets).toEqual([]);
    const events: TopicTailEvent[] = [];
    s.tail({ datacenter: 'home', topic: 'bcm-logs', backlog: 5 }, (e) => events.push(e));
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toMatchObject([{ type: 'state', state: 'error', message: 'Kafka is not enabled in this datacenter.' }]);
  });

  it('reaches the brokers through the datacenter project and its fixed addresses', async () => {
    const a = new ScriptedAdapter(async () => healthy());
    const { service: s, targets } = make(() => specOf(true, 3), [a]);
    expect((await s.overview('home')).state).toBe('healthy');
    expect(targets[0]?.project).toBe('bcm-home');
    expect(Object.keys(targets[0]?.addresses ?? {})).toEqual(['gateway', 'btcd', 'kafka-01', 'kafka-02', 'kafka-03']);
  });

  it('answers "down, last answered at …" when Kafka is slow or fails, and keeps the last good time', async () => {
    let mode: 'ok' | 'slow' | 'fail' = 'ok';
    const a = new ScriptedAdapter(async () => {
      if (mode === 'slow') return new Promise(() => undefined);
      if (mode === 'fail') throw new BcmError('UNREACHABLE', 'Nothing answers on 10.0.0.10:9092 in kafka-01 (connection refused).');
      return healthy();
    });
    const { service: s } = make(() => specOf(true), [a], 100);
    const ok = await s.overview('home');
    expect(ok.lastOkAt).not.toBeNull();
    mode = 'slow';
    const slow = await s.overview('home');
    expect(slow).toMatchObject({ state: 'down', lastOkAt: ok.lastOkAt, problems: ['Kafka is not answering: no answer within 0.1 s'] });
    // the slow look is still in flight: it is not asked again
    expect(a.calls).toBe(2);
    await s.overview('home');
    expect(a.calls).toBe(2);
  });

  it('reports a failing adapter as down with its reason', async () => {
    const a = new ScriptedAdapter(async () => {
      throw new BcmError('UNREACHABLE', 'Nothing answers on 10.0.0.10:9092 in kafka-01 (connection refused).');
    });
    const { service: s } = make(() => specOf(true), [a]);
    const o = await s.overview('home');
    expect(o).toMatchObject({ state: 'down', lastOkAt: null });
    expect(o.problems[0]).toContain('connection refused');
  });

  it('makes a new adapter (and closes the old) when the spec changes', async () => {
    let brokers: 1 | 3 = 1;
    const first = new ScriptedAdapter(async () => healthy());
    const second = new ScriptedAdapter(async () => healthy());
    const { service: s } = make(() => specOf(true, brokers), [first, second]);
    await s.overview('home');
    await s.overview('home');
    expect(first.calls).toBe(2);
    brokers = 3;
    await s.overview('home');
    expect(first.closed).toBe(true);
    expect(second.calls).toBe(1);
  });

  it('passes tails to the adapter', async () => {
    const { service: s } = make(() => specOf(true), [new ScriptedAdapter(async () => healthy())]);
    const events: TopicTailEvent[] = [];
    const stop = s.tail({ datacenter: 'home', topic: 'bcm-logs', backlog: 5 }, (e) => events.push(e));
    await new Promise((r) => setTimeout(r, 10));
    stop();
    expect(events).toEqual([{ type: 'state', state: 'live', at: 0 }]);
  });
});
