/** Pure formatting helpers for the UI. No React, no DOM. */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** 1536 -> "1.5 KiB". Binary units, as LXD and `free -h` report them. */
export function formatBytes(bytes: number, fractionDigits = 1): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value >= 100 ? 0 : fractionDigits;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit] ?? 'B'}`;
}

/** Share of `used` in `total` as 0..100, safe for zero or missing totals. */
export function percentOf(used: number, total: number): number {
  if (!Number.isFinite(used) || !Number.isFinite(total) || total <= 0) return 0;
  return Math.min(100, Math.max(0, (used / total) * 100));
}

/** "12 s", "4 min", "3 h 5 min", "2 d 4 h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }
  const days = Math.floor(hours / 24);
  if (days >= 365) {
    const years = Math.floor(days / 365);
    return `${years} year${years === 1 ? '' : 's'}`;
  }
  if (days >= 60) return `${Math.floor(days / 30)} months`;
  const restHours = hours % 24;
  return restHours === 0 || days >= 7 ? `${days} d` : `${days} d ${restHours} h`;
}

/** "just now", "40 s ago", "5 min ago", "in 3 d" relative to `now`. */
export function formatRelative(iso: string, now: Date = new Date()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '—';
  const deltaSeconds = (then - now.getTime()) / 1000;
  const abs = Math.abs(deltaSeconds);
  if (abs < 5) return 'just now';
  const text = formatDuration(abs);
  return deltaSeconds < 0 ? `${text} ago` : `in ${text}`;
}

/** A calendar date the way the user's locale writes it, e.g. "12 Mar 2027". */
export function formatDate(iso: string, locale?: string): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '—';
  return new Date(then).toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
}

/**
 * A moment as people read it: the time alone when it is today, the date and time otherwise
 * ("11:16:42 PM" today; "3 Jan 2009, 6:15:05 PM" for the genesis block). `now` and `timeZone`
 * for tests.
 */
export function formatMoment(at: Date | string | number, now: Date = new Date(), locale?: string, timeZone?: string): string {
  const then = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(then.getTime())) return '—';
  const zone = timeZone ? { timeZone } : {};
  const day = (d: Date): string => d.toLocaleDateString('en-CA', zone);
  const time = then.toLocaleTimeString(locale, zone);
  if (day(then) === day(now)) return time;
  return `${then.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric', ...zone })}, ${time}`;
}

/** "expires in 23 d" / "expired 2 h ago"; for certificates and tokens. */
export function formatExpiry(iso: string, now: Date = new Date()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return 'expiry unknown';
  return then <= now.getTime() ? `expired ${formatRelative(iso, now)}` : `expires ${formatRelative(iso, now)}`;
}

/** "1 socket · 4 cores · 8 threads" */
export function formatCpu(cpu: { sockets: number; cores: number; threads: number }): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [plural(cpu.sockets, 'socket'), plural(cpu.cores, 'core'), plural(cpu.threads, 'thread')].join(' · ');
}
