/**
 * Tor control protocol replies (control-spec §2.3, §4): a reply is one or more lines
 * `NNN-text` (middle), `NNN+text` followed by a data block ending with a line holding only `.`,
 * and a last line `NNN text`. Status 650 marks an asynchronous event, which can arrive between
 * the lines of other replies' turns. Pure: bytes in, replies and events out.
 */

export interface ReplyLine {
  status: number;
  /** the text after the status and separator (for a `+` line, the text before the data block) */
  text: string;
  /** a `+` line's data block, dot-unescaped, lines joined with \n (no trailing newline) */
  data?: string;
}

export interface ControlReply {
  /** the status of the last line */
  status: number;
  lines: ReplyLine[];
}

export class ControlProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlProtocolError';
  }
}

const LINE = /^(\d{3})([ +-])(.*)$/s;

/** Splits a byte stream into replies; `onReply` gets command replies, `onEvent` gets 650s. */
export class ReplyParser {
  private buffer = '';
  private lines: ReplyLine[] = [];
  /** a multi-line event being read (650 lines are kept apart from a reply being read) */
  private eventLines: ReplyLine[] = [];
  private dataLine: ReplyLine | undefined;
  private dataLines: string[] = [];
  private failed: ControlProtocolError | undefined;

  constructor(
    private readonly onReply: (reply: ControlReply) => void,
    private readonly onEvent: (reply: ControlReply) => void,
  ) {}

  /** Feeds text (Tor speaks ASCII/UTF-8); throws ControlProtocolError on a malformed line. */
  feed(chunk: string): void {
    if (this.failed) throw this.failed;
    this.buffer += chunk;
    for (;;) {
      const end = this.buffer.indexOf('\n');
      if (end < 0) break;
      const raw = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      try {
        this.line(line);
      } catch (err) {
        this.failed = err instanceof ControlProtocolError ? err : new ControlProtocolError(String(err));
        throw this.failed;
      }
    }
    if (this.buffer.length > 1_000_000) {
      this.failed = new ControlProtocolError('a reply line longer than 1 MB');
      throw this.failed;
    }
  }

  /** True when no reply is half-read (used to check that a closed stream lost nothing). */
  get idle(): boolean {
    return this.buffer === '' && this.lines.length === 0 && this.eventLines.length === 0 && this.dataLine === undefined;
  }

  private line(line: string): void {
    if (this.dataLine) {
      if (line === '.') {
        this.dataLine.data = this.dataLines.join('\n');
        this.push(this.dataLine);
        this.dataLine = undefined;
        this.dataLines = [];
      } else {
        this.dataLines.push(line.startsWith('.') ? line.slice(1) : line);
      }
      return;
    }
    const m = LINE.exec(line);
    if (!m) throw new ControlProtocolError(`malformed reply line: ${JSON.stringify(line.slice(0, 120))}`);
    const status = Number(m[1]);
    const sep = m[2];
    const entry: ReplyLine = { status, text: m[3] ?? '' };
    const pending = status === 650 ? this.eventLines : this.lines;
    const first = pending[0];
    if (first && first.status !== status) {
      throw new ControlProtocolError(`reply lines with different statuses (${first.status}, then ${status})`);
    }
    if (sep === '+') {
      this.dataLine = entry;
      return;
    }
    this.push(entry);
    if (sep === ' ') {
      if (status === 650) {
        const event: ControlReply = { status, lines: this.eventLines };
        this.eventLines = [];
        this.onEvent(event);
      } else {
        const reply: ControlReply = { status, lines: this.lines };
        this.lines = [];
        this.onReply(reply);
      }
    }
  }

  private push(entry: ReplyLine): void {
    if (entry.status === 650) this.eventLines.push(entry);
    else this.lines.push(entry);
  }
}

/** The text of a reply's lines, for error messages: "552 Unrecognized key" */
export function replyText(reply: ControlReply): string {
  return reply.lines.map((l) => l.text).join('; ');
}

export function isOk(reply: ControlReply): boolean {
  return reply.status >= 200 && reply.status < 300;
}
