import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from '../../../src/shared/channels/messaging';
import { appendCapped, formatRate, freshMessages, messageText, parseLogEntry, plural, rateChart, severityColor } from '../../../src/renderer/dashboards/kafka/lib';

const msg = (partition: number, offset: number, value = 'v'): KafkaMessage => ({ partition, offset: String(offset), timestamp: 0, key: null, value, truncated: false });

describe('Kafka dashboard helpers', () => {
  it('formats rates and plurals', () => {
    expect([null, 0, 0.25, 9.94, 1234.5].map(formatRate)).toEqual(['—', '0/s', '0.3/s', '9.9/s', '1,235/s']);
    expect(plural(1, 'partition')).toBe('1 partition');
    expect(plural(3, 'partition')).toBe('3 partitions');
  });

  it('charts the busiest user topics, internal ones left out', () => {
    const c = rateChart(
      [{ at: 0, perTopic: { a: 1, b: 5, __consumer_offsets: 9 } }, { at: 5000, perTopic: { a: 2, b: 6 } }],
      [{ name: 'a', internal: false }, { name: 'b', internal: false }, { name: '__consumer_offsets', internal: true }],
      1,
      'en-GB',
    );
    expect(c.series).toEqual([{ name: 'b', color: 'bitcoin.6' }]);
    expect(c.data.map((d) => d.b)).toEqual([5, 6]);
    expect(c.data[0]).not.toHaveProperty('__consumer_offsets');
  });

  it('reads a journal entry as the shipper writes it, and nothing else', () => {
    const line = '{"time":"2026-11-22T00:53:35.731948+00:00", "datacenter": "dc", "container": "kafka-01", "unit":"kafka.service", "program":"java", "pid":"572", "severity":"info", "message":"started"}';
    expect(parseLogEntry(line)).toEqual({ time: '2026-11-22T00:53:35.731948+00:00', container: 'kafka-01', unit: 'kafka.service', program: 'java', severity: 'info', message: 'started' });
    expect(parseLogEntry('plain text')).toBeNull();
    expect(parseLogEntry('[1,2]')).toBeNull();
    expect(parseLogEntry('{"other":1}')).toBeNull();
    expect(parseLogEntry(null)).toBeNull();
    expect(severityColor('err')).toBe('red');
    expect(severityColor('warning')).toBe('orange');
  });

  it('keeps the newest messages, skipping what a resumed tail sends again', () => {
    const shown = [msg(0, 1), msg(0, 2), msg(1, 9)];
    expect(freshMessages(shown, [msg(0, 2), msg(0, 3), msg(1, 9), msg(1, 10), msg(2, 0)]).map((m) => `${m.partition}:${m.offset}`)).toEqual(['0:3', '1:10', '2:0']);
    expect(appendCapped([1, 2, 3], [4, 5], 4)).toEqual([2, 3, 4, 5]);
    expect(messageText(msg(1, 5, 'hello'))).toBe('1970-01-01T00:00:00.000Z p1@5 hello');
  });
});
