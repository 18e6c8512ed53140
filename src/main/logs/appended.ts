/**
 * For a log read whole again and again (LXD's lxc.log): what was added since the last read.
 * When the file no longer starts with what was read (it was recreated, e.g. at a restart),
 * everything is new and `reset` says so.
 */
export function appendedSince(previous: string, next: string): { text: string; reset: boolean } {
  if (next.length >= previous.length && next.startsWith(previous)) return { text: next.slice(previous.length), reset: false };
  return { text: next, reset: previous.length > 0 };
}

/** The last `count` lines of a text (for the history of a tail), with a final newline. */
export function lastLines(text: string, count: number): string {
  if (count <= 0) return '';
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (body.length === 0) return '';
  let pos = body.length;
  for (let i = 0; i < count; i++) {
    const nl = body.lastIndexOf('\n', pos - 1);
    if (nl === -1) return `${body}\n`;
    pos = nl;
  }
  return `${body.slice(pos + 1)}\n`;
}
