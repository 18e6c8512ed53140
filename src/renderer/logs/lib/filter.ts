import type { LevelCode } from './levels';
import type { LogView } from './log-buffer';
import type { Matcher } from './search';

export interface RowFilter {
  /** levels shown; null: all */
  levels: ReadonlySet<LevelCode> | null;
  matcher: Matcher | null;
  /** show only lines that match the search */
  onlyMatches: boolean;
}

export interface DisplayRows {
  /** absolute entry index per row; null: every entry of the view, in order */
  rows: Int32Array | null;
  count: number;
  /** the rows (positions) whose line matches the search */
  matches: number[];
}

/** The rows to show for a view and the search matches among them. Notices are always shown. */
export function displayRows(view: LogView, filter: RowFilter): DisplayRows {
  const { levels, matcher, onlyMatches } = filter;
  if (levels === null && matcher === null) return { rows: null, count: view.end - view.first, matches: [] };
  const rows: number[] = [];
  const matches: number[] = [];
  view.scan((index, text, level, kind) => {
    if (kind === 'line' && levels !== null && !levels.has(level)) return;
    const hit = kind === 'line' && matcher !== null && matcher.test(text);
    if (onlyMatches && matcher !== null && !hit && kind === 'line') return;
    if (hit) matches.push(rows.length);
    rows.push(index);
  });
  return { rows: Int32Array.from(rows), count: rows.length, matches };
}

/** The entry index shown in row `row`. */
export function entryAt(display: DisplayRows, view: LogView, row: number): number {
  return display.rows === null ? view.first + row : (display.rows[row] ?? -1);
}
