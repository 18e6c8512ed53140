import type { KafkaHealthState, KafkaMessage, KafkaRateSample, KafkaTopic } from '../../../shared/channels/messaging';

/** Pure display helpers for the Kafka dashboard. No React, no DOM. */

export const kafkaLooks: Record<KafkaHealthState, { color: string; label: string }> = {
  healthy: { color: 'teal', label: 'Healthy' },
  degraded: { color: 'orange', label: 'Degraded' },
  down: { color: 'red', label: 'Down' },
  disabled: { color: 'gray', label: 'Not enabled' },
};

export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '—';
  if (perSecond === 0) return '0/s';
  if (perSecond < 10) return `${perSecond.toFixed(1)}/s`;
  return `${Math.round(perSecond).toLocaleString('en')}/s`;
}

/** "1 partition", "3 partitions". */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

const PALETTE = ['bitcoin.6', 'blue.6', 'teal.6', 'grape.6', 'cyan.6', 'pink.6'] as const;

export interface RateChart {
  data: Array<Record<string, string | number>>;
  series: Array<{ name: string; color: string }>;
}

/** Messages/s of the busiest user topics (at most `max`), oldest sample first. */
export function rateChart(rates: KafkaRateSample[], topics: Array<Pick<KafkaTopic, 'name' | 'internal'>>, max: number = PALETTE.length, locale?: string): RateChart {
  const user = new Set(topics.filter((t) => !t.internal).map((t) => t.name));
  const totals = new Map<string, number>();
  for (const s of rates) for (const [topic, r] of Object.entries(s.perTopic)) if (user.has(topic)) totals.set(topic, (totals.get(topic) ?? 0) + r);
  const names = [...user].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || a.localeCompare(b)).slice(0, max);
  const data = rates.map((s) => {
    const point: Record<string, string | number> = { time: new Date(s.at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) };
    for (const n of names) point[n] = Math.round((s.perTopic[n] ?? 0) * 100) / 100;
    return point;
  });
  return { data, series: names.map((name, i) => ({ name, color: PALETTE[i % PALETTE.length] ?? 'gray.6' })) };
}

/** One journal entry as the logging pipeline ships it (see src/main/datacenter/components/logging.ts). */
export interface LogEntry {
  time: string;
  container: string;
  unit: string;
  program: string;
  severity: string;
  message: string;
}

/** A log topic message as an entry, or null when it is not one (another producer, cut short). */
export function parseLogEntry(value: string | null): LogEntry | null {
  if (value === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const o = parsed as Record<string, unknown>;
  const str = (k: string): string => (typeof o[k] === 'string' ? (o[k] as string) : '');
  if (!str('message') && !str('container')) return null;
  return { time: str('time'), container: str('container'), unit: str('unit'), program: str('program'), severity: str('severity'), message: str('message') };
}

export function severityColor(severity: string): string {
  switch (severity) {
    case 'emerg':
    case 'alert':
    case 'crit':
    case 'err':
      return 'red';
    case 'warning':
      return 'orange';
    case 'notice':
      return 'blue';
    case 'debug':
      return 'gray';
    default:
      return 'teal';
  }
}

/** Appends and keeps the newest `cap` (the tail view is bounded). */
export function appendCapped<T>(list: readonly T[], items: readonly T[], cap: number): T[] {
  const all = list.length + items.length <= cap ? [...list, ...items] : [...list, ...items].slice(-cap);
  return all;
}

/** A message as one line of text, for copying. */
export function messageText(m: KafkaMessage): string {
  return `${new Date(m.timestamp).toISOString()} p${m.partition}@${m.offset}${m.key ? ` [${m.key}]` : ''} ${m.value ?? '(null)'}`;
}

/** The log topic's row, if the cluster has it. */
export function logTopicOf(topics: KafkaTopic[], name: string): KafkaTopic | undefined {
  return topics.find((t) => t.name === name);
}

/** The incoming messages not already shown (a resumed tail sends its backlog again). */
export function freshMessages(existing: readonly KafkaMessage[], incoming: readonly KafkaMessage[]): KafkaMessage[] {
  const last = new Map<number, bigint>();
  for (const m of existing) {
    const o = BigInt(m.offset);
    if ((last.get(m.partition) ?? -1n) < o) last.set(m.partition, o);
  }
  return incoming.filter((m) => BigInt(m.offset) > (last.get(m.partition) ?? -1n));
}
