import type { HealthState } from '../../../shared/services/common';

/** Pure display helpers for the node and Lightning dashboards. No React, no DOM. */

export function formatSats(sat: number): string {
  if (!Number.isFinite(sat)) return '—';
  return `${Math.round(sat).toLocaleString('en')} sat`;
}

/** 150_000_000 sat -> "1.5 BTC"; small amounts stay in sats. */
export function formatBtcOrSats(sat: number): string {
  if (!Number.isFinite(sat)) return '—';
  if (Math.abs(sat) >= 1_000_000) return `${(sat / 1e8).toLocaleString('en', { maximumFractionDigits: 8 })} BTC`;
  return formatSats(sat);
}

const HASH_UNITS = ['H/s', 'kH/s', 'MH/s', 'GH/s', 'TH/s', 'PH/s', 'EH/s', 'ZH/s'] as const;

export function formatHashRate(h: number | null): string {
  if (h === null || !Number.isFinite(h) || h < 0) return '—';
  let v = h;
  let u = 0;
  while (v >= 1000 && u < HASH_UNITS.length - 1) {
    v /= 1000;
    u += 1;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${HASH_UNITS[u] ?? 'H/s'}`;
}

export function formatCount(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en') : '—';
}

/** "abcdef…123456" for hashes and keys. */
export function shortHash(hash: string, keep = 8): string {
  return hash.length <= keep * 2 + 1 ? hash : `${hash.slice(0, keep)}…${hash.slice(-keep)}`;
}

export interface HealthLook {
  color: string;
  label: string;
}

export const healthLooks: Record<HealthState, HealthLook> = {
  synced: { color: 'teal', label: 'Synced' },
  syncing: { color: 'blue', label: 'Syncing' },
  stalled: { color: 'orange', label: 'Stalled' },
  down: { color: 'red', label: 'Down' },
  locked: { color: 'yellow', label: 'Locked' },
  nowallet: { color: 'blue', label: 'No wallet yet' },
  starting: { color: 'gray', label: 'Starting' },
};

/** Sync progress as a percentage with the precision that still moves. */
export function progressText(progress: number): string {
  const pct = Math.max(0, Math.min(1, progress)) * 100;
  if (pct >= 99.99 || pct === 0) return `${pct.toFixed(0)} %`;
  return `${pct.toFixed(pct > 99 ? 2 : 1)} %`;
}
