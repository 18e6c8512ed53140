import type { HistoryCommit } from '../../shared/channels/store';

/** Pure helpers for the history screen (unit-tested). */

export const CHANGE_COLORS = { added: 'teal', modified: 'blue', deleted: 'red' } as const;

/** Groups commits by calendar day (local time), newest first, for the timeline's headings. */
export function groupByDay(commits: readonly HistoryCommit[], locale?: string): { day: string; commits: HistoryCommit[] }[] {
  const groups: { day: string; commits: HistoryCommit[] }[] = [];
  for (const c of commits) {
    const day = new Date(c.time * 1000).toLocaleDateString(locale, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.commits.push(c);
    else groups.push({ day, commits: [c] });
  }
  return groups;
}

export function shortOid(oid: string): string {
  return oid.slice(0, 8);
}

export function timeOfDay(seconds: number, locale?: string): string {
  return new Date(seconds * 1000).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** History entries the user cannot restore to (the first one is the state right now). */
export function isCurrent(commits: readonly HistoryCommit[], oid: string): boolean {
  return commits[0]?.oid === oid;
}
