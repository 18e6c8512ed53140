/**
 * Where a restarted tail picks up: `seen` are the last lines already shown, `incoming` the history
 * the new tail printed. Returns the lines after the last place `seen` occurs (the ones not shown
 * yet); `matched` is false when the seen lines are not there (the log was rotated or the gap was
 * longer than the history), and then everything is new.
 */
export function skipSeen(seen: readonly string[], incoming: readonly string[]): { fresh: string[]; matched: boolean } {
  if (seen.length === 0) return { fresh: [...incoming], matched: true };
  const k = seen.length;
  // the whole block of seen lines, latest occurrence first
  for (let end = incoming.length - 1; end >= k - 1; end--) {
    let ok = true;
    for (let j = 0; j < k; j++) {
      if (incoming[end - j] !== seen[k - 1 - j]) {
        ok = false;
        break;
      }
    }
    if (ok) return { fresh: incoming.slice(end + 1), matched: true };
  }
  // a short history that starts inside the seen block (a small file, all of it printed)
  for (let n = Math.min(k - 1, incoming.length); n >= 2; n--) {
    let ok = true;
    for (let j = 0; j < n; j++) {
      if (incoming[j] !== seen[k - n + j]) {
        ok = false;
        break;
      }
    }
    if (ok) return { fresh: incoming.slice(n), matched: true };
  }
  return { fresh: [...incoming], matched: false };
}

/** The last `capacity` lines emitted, for skipSeen after a reconnect. */
export class RecentLines {
  private lines: string[] = [];

  constructor(readonly capacity: number) {}

  push(lines: readonly string[]): void {
    if (lines.length >= this.capacity) {
      this.lines = lines.slice(lines.length - this.capacity);
      return;
    }
    this.lines.push(...lines);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  get(): string[] {
    return [...this.lines];
  }
}
