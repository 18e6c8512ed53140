import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../../../src/shared/datacenter/spec';
import {
  artifactsUsed,
  componentBadges,
  issuesByField,
  resetSizes,
  setBackend,
  setKafka,
  setSize,
  sizeOf,
  suggestName,
  unplacedIssues,
  withoutStale,
} from '../../../src/renderer/datacenters/lib/draft';

const base = defaultSpec('t', 'local');

describe('draft edits', () => {
  it('turns off what btcd cannot do', () => {
    const spec = setBackend(
      {
        ...base,
        bitcoin: { ...base.bitcoin, pruneMiB: 1000, txindex: true },
        lightning: { lnd: true, clightning: true },
      },
      'btcd',
    );
    expect(spec.bitcoin).toEqual({ implementation: 'btcd', pruneMiB: 0, txindex: false });
    expect(spec.lightning).toEqual({ lnd: true, clightning: false });
    expect(setBackend(spec, 'bitcoind').bitcoin.implementation).toBe('bitcoind');
  });

  it('turns logging off with Kafka', () => {
    const on = setKafka({ ...base, logging: true }, { enabled: true, brokers: 3 });
    expect(on.logging).toBe(true);
    expect(on.kafka.brokers).toBe(3);
    expect(setKafka(on, { enabled: false }).logging).toBe(false);
  });

  it('keeps only sizes that differ from the catalog and drops stale ones', () => {
    const bigger = setSize(base, 'lnd', 'lnd', { memoryMiB: 4096 });
    expect(bigger.sizes['lnd']).toEqual({ cpus: 1, memoryMiB: 4096, diskGiB: 4 });
    expect(sizeOf(bigger, 'lnd', 'lnd').memoryMiB).toBe(4096);
    expect(setSize(bigger, 'lnd', 'lnd', { memoryMiB: 1024 }).sizes).toEqual({});
    expect(resetSizes(bigger).sizes).toEqual({});
    const three = setSize(setKafka(base, { enabled: true, brokers: 3 }), 'kafka-03', 'kafka', { cpus: 2 });
    expect(Object.keys(withoutStale(setKafka(three, { brokers: 1 })).sizes)).toEqual([]);
    expect(Object.keys(withoutStale(three).sizes)).toEqual(['kafka-03']);
  });

  it('lists the artifacts and badges of the components', () => {
    expect(artifactsUsed(setBackend(base, 'btcd'))).toEqual(['btcd', 'lnd']);
    expect(componentBadges(setKafka(base, { enabled: true, brokers: 3 })).map((b) => b.label)).toEqual([
      'Gateway',
      'Bitcoin Core',
      'LND',
      'Kafka ×3',
    ]);
  });

  it('suggests a free name', () => {
    expect(suggestName('regtest', [])).toBe('regtest');
    expect(suggestName('regtest', ['regtest', 'regtest-2'])).toBe('regtest-3');
  });
});

describe('validation issues', () => {
  it('indexes issues by field and finds the ones no field shows', () => {
    const byField = issuesByField([
      { path: 'bitcoin.pruneMiB', message: 'at least 550' },
      { path: 'bitcoin/pruneMiB', message: 'second' },
      { path: 'logging', message: 'needs Kafka' },
      { path: '', message: 'whole spec' },
    ]);
    expect(byField).toEqual({ 'bitcoin.pruneMiB': 'at least 550', logging: 'needs Kafka', '': 'whole spec' });
    expect(unplacedIssues(byField, ['bitcoin', 'logging'])).toEqual([{ path: '', message: 'whole spec' }]);
  });
});
