import { detectLevel, type LevelCode } from './levels';

export type EntryKind = 'line' | 'notice';

export interface LogEntry {
  /** absolute number of the entry in this buffer (not reused after older entries are dropped) */
  index: number;
  text: string;
  level: LevelCode;
  /** when it reached BCM (ms since epoch) */
  at: number;
  kind: EntryKind;
}

interface Chunk {
  start: number;
  texts: string[];
  levels: LevelCode[];
  ats: number[];
  notices: boolean[];
}

/** Entries first..end-1 of a buffer; a snapshot stays readable while the buffer moves on. */
export interface LogView {
  readonly first: number;
  readonly end: number;
  entry(index: number): LogEntry | undefined;
  /** every entry from `from` (default: first) to end, in order */
  scan(fn: (index: number, text: string, level: LevelCode, kind: EntryKind, at: number) => void, from?: number): void;
}

function find(chunks: readonly Chunk[], index: number): Chunk | undefined {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = chunks[mid] as Chunk;
    if (index < c.start) hi = mid - 1;
    else if (index >= c.start + c.texts.length) lo = mid + 1;
    else return c;
  }
  return undefined;
}

function makeView(chunks: readonly Chunk[], first: number, end: number): LogView {
  return {
    first,
    end,
    entry(index) {
      if (index < first || index >= end) return undefined;
      const c = find(chunks, index);
      if (!c) return undefined;
      const i = index - c.start;
      return { index, text: c.texts[i] as string, level: c.levels[i] as LevelCode, at: c.ats[i] as number, kind: c.notices[i] ? 'notice' : 'line' };
    },
    scan(fn, from = first) {
      for (const c of chunks) {
        const cEnd = c.start + c.texts.length;
        if (cEnd <= from) continue;
        for (let i = Math.max(0, from - c.start); i < c.texts.length && c.start + i < end; i++) {
          fn(c.start + i, c.texts[i] as string, c.levels[i] as LevelCode, c.notices[i] ? 'notice' : 'line', c.ats[i] as number);
        }
        if (cEnd >= end) break;
      }
    },
  };
}

/**
 * The lines a log view holds: at most `capacity` (older ones are dropped in whole chunks), each with
 * its level and arrival time, so memory stays flat on an endless log.
 */
export class LogBuffer {
  private chunks: Chunk[] = [];
  private firstIndex = 0;
  private endIndex = 0;
  /** entries dropped to stay within the capacity */
  dropped = 0;
  /** kept lines per level code */
  readonly levelCounts: number[] = [0, 0, 0, 0, 0];

  constructor(
    readonly capacity: number,
    private readonly chunkSize = 2048,
  ) {}

  get first(): number {
    return this.firstIndex;
  }

  get end(): number {
    return this.endIndex;
  }

  get size(): number {
    return this.endIndex - this.firstIndex;
  }

  appendLines(lines: readonly string[], at: number): void {
    for (const line of lines) this.push(line, detectLevel(line), at, false);
    this.evict();
  }

  appendNotice(text: string, at: number): void {
    this.push(text, 0, at, true);
    this.evict();
  }

  private push(text: string, level: LevelCode, at: number, notice: boolean): void {
    let last = this.chunks[this.chunks.length - 1];
    if (!last || last.texts.length >= this.chunkSize) {
      last = { start: this.endIndex, texts: [], levels: [], ats: [], notices: [] };
      this.chunks.push(last);
    }
    last.texts.push(text);
    last.levels.push(level);
    last.ats.push(at);
    last.notices.push(notice);
    if (!notice) this.levelCounts[level] = (this.levelCounts[level] ?? 0) + 1;
    this.endIndex += 1;
  }

  private evict(): void {
    while (this.size > this.capacity && this.chunks.length > 1) {
      const gone = this.chunks.shift() as Chunk;
      for (let i = 0; i < gone.levels.length; i++) {
        if (!gone.notices[i]) this.levelCounts[gone.levels[i] as number] = (this.levelCounts[gone.levels[i] as number] ?? 1) - 1;
      }
      this.firstIndex = gone.start + gone.texts.length;
      this.dropped += gone.texts.length;
    }
  }

  /** The buffer as it is now, unchanged by what is appended or dropped later (for a paused view). */
  snapshot(): LogView {
    return makeView([...this.chunks], this.firstIndex, this.endIndex);
  }

  /** A view that follows the buffer (read it again after each append). */
  live(): LogView {
    return makeView(this.chunks, this.firstIndex, this.endIndex);
  }

  /** The last `n` log lines (not notices), oldest first: what a resumed tail skips. */
  lastLines(n: number): string[] {
    const out: string[] = [];
    for (let ci = this.chunks.length - 1; ci >= 0 && out.length < n; ci--) {
      const c = this.chunks[ci] as Chunk;
      for (let i = c.texts.length - 1; i >= 0 && out.length < n; i--) if (!c.notices[i]) out.push(c.texts[i] as string);
    }
    return out.reverse();
  }
}
