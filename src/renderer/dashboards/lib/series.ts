import type { NodeSample, RecentBlock } from '../../../shared/services/node';

/** Chart data for the dashboards: pure, from the snapshot's recent blocks and history. */

export interface BlockArrival {
  height: string;
  /** seconds since the block before (header times, so it can be negative) */
  seconds: number;
  txCount: number;
  sizeKiB: number;
}

/** Gaps longer than this (a regtest chain left alone, the genesis block) are left out of the chart. */
export const LONGEST_GAP_S = 6 * 3600;

/** Oldest first: how long each block came after its parent, for consecutive blocks only. */
export function blockArrivals(blocks: RecentBlock[]): { arrivals: BlockArrival[]; leftOut: number } {
  const ordered = [...blocks].sort((a, b) => a.height - b.height);
  const arrivals: BlockArrival[] = [];
  let leftOut = 0;
  ordered.forEach((b, i) => {
    const prev = ordered[i - 1];
    if (!prev || prev.height !== b.height - 1) return;
    const seconds = b.time - prev.time;
    if (seconds > LONGEST_GAP_S) {
      leftOut += 1;
      return;
    }
    arrivals.push({ height: String(b.height), seconds, txCount: b.txCount, sizeKiB: Math.round((b.sizeBytes / 1024) * 10) / 10 });
  });
  return { arrivals, leftOut };
}

/** Minutes when blocks are minutes apart, seconds when they come in bursts (regtest). */
export function arrivalUnit(arrivals: BlockArrival[]): { unit: 'min' | 's'; value: (a: BlockArrival) => number } {
  const max = Math.max(0, ...arrivals.map((a) => a.seconds));
  return max >= 120 ? { unit: 'min', value: (a) => Math.round((a.seconds / 60) * 10) / 10 } : { unit: 's', value: (a) => a.seconds };
}

export interface MempoolPoint {
  time: string;
  count: number;
  kib: number;
}

/** The mempool over the samples kept in main; gaps (unread sections) left out. */
export function mempoolSeries(history: NodeSample[], locale?: string): MempoolPoint[] {
  return history
    .filter((s) => s.mempoolCount !== null && s.mempoolBytes !== null)
    .map((s) => ({
      time: new Date(s.at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
      count: s.mempoolCount ?? 0,
      kib: Math.round(((s.mempoolBytes ?? 0) / 1024) * 10) / 10,
    }));
}

export type SortDirection = 'asc' | 'desc';

/** A stable sort by one key of plain rows (numbers numerically, text case-insensitively, nulls last). */
export function sortRows<T>(rows: readonly T[], key: keyof T, direction: SortDirection): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = a.row[key];
      const y = b.row[key];
      if (x === y) return a.index - b.index;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      if (typeof x === 'number' && typeof y === 'number') return (x - y) * sign;
      if (typeof x === 'boolean' && typeof y === 'boolean') return (Number(x) - Number(y)) * sign;
      return String(x).localeCompare(String(y), undefined, { sensitivity: 'base', numeric: true }) * sign || a.index - b.index;
    })
    .map((r) => r.row);
}

/** Share of local balance in a channel, 0..100. */
export function localShare(localSat: number, remoteSat: number): number {
  const total = localSat + remoteSat;
  return total > 0 ? Math.round((localSat / total) * 1000) / 10 : 0;
}
