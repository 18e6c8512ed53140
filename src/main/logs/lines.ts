import { cleanLine } from './sanitize';

const NL = 0x0a;

export interface SplitOutput {
  lines: string[];
  /** set once, the first time binary content or a cut line is seen */
  notices: string[];
}

/**
 * Splits a byte stream into clean text lines. A partial line waits for the next chunk; a line
 * longer than `maxLineBytes` is cut there (what follows up to its newline is counted, not kept),
 * so memory is bounded whatever the stream holds.
 */
export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** bytes of the current line dropped after the cut */
  private dropped = 0;
  private binaryNoticed = false;
  private cutNoticed = false;

  constructor(readonly maxLineBytes = 16 * 1024) {}

  push(chunk: Buffer): SplitOutput {
    const out: SplitOutput = { lines: [], notices: [] };
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl === -1) {
        this.keep(chunk.subarray(start));
        break;
      }
      this.keep(chunk.subarray(start, nl));
      this.emit(out);
      start = nl + 1;
    }
    return out;
  }

  /** The last line when the stream ends without a newline. */
  end(): SplitOutput {
    const out: SplitOutput = { lines: [], notices: [] };
    if (this.carryBytes > 0 || this.dropped > 0) this.emit(out);
    return out;
  }

  private keep(part: Buffer): void {
    if (part.length === 0) return;
    const room = this.maxLineBytes - this.carryBytes;
    if (room <= 0) {
      this.dropped += part.length;
      return;
    }
    const kept = part.length <= room ? part : part.subarray(0, room);
    // copy: the chunk's memory must not be held by a long-lived partial line
    this.carry.push(this.carry.length === 0 && kept.length === part.length ? kept : Buffer.from(kept));
    this.carryBytes += kept.length;
    this.dropped += part.length - kept.length;
  }

  private emit(out: SplitOutput): void {
    const raw = this.carry.length === 1 ? (this.carry[0] as Buffer) : Buffer.concat(this.carry);
    const { text, binary } = cleanLine(raw.toString('utf8'));
    let line = text;
    if (this.dropped > 0) {
      line = `${text} … [cut: ${this.dropped.toLocaleString('en-US')} more bytes]`;
      if (!this.cutNoticed) {
        this.cutNoticed = true;
        out.notices.push(`Lines longer than ${Math.round(this.maxLineBytes / 1024)} KiB are cut; the rest of such a line is not shown.`);
      }
    }
    if (binary && !this.binaryNoticed) {
      this.binaryNoticed = true;
      out.notices.push('This log holds binary data: bytes that are not text are shown as symbols (␀, ␛, �).');
    }
    out.lines.push(line);
    this.carry = [];
    this.carryBytes = 0;
    this.dropped = 0;
  }
}
