export interface SearchOptions {
  caseSensitive: boolean;
  regex: boolean;
}

export type Matcher = {
  test(text: string): boolean;
  /** [start, end) of each match, at most `limit` */
  ranges(text: string, limit?: number): Array<[number, number]>;
};

export type CompiledSearch = { ok: true; matcher: Matcher | null } | { ok: false; error: string };

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles what the user typed; an empty query matches nothing (null matcher), a bad regex says why. */
export function compileSearch(query: string, options: SearchOptions): CompiledSearch {
  if (query === '') return { ok: true, matcher: null };
  let re: RegExp;
  try {
    re = new RegExp(options.regex ? query : escape(query), options.caseSensitive ? 'g' : 'gi');
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  const single = new RegExp(re.source, re.flags.replace('g', ''));
  return {
    ok: true,
    matcher: {
      test: (text) => single.test(text),
      ranges(text, limit = 200) {
        const out: Array<[number, number]> = [];
        re.lastIndex = 0;
        let m: RegExpExecArray | null;
        while (out.length < limit && (m = re.exec(text)) !== null) {
          if (m[0].length === 0) {
            re.lastIndex += 1; // an empty match (e.g. /x*/) must not loop forever
            continue;
          }
          out.push([m.index, m.index + m[0].length]);
        }
        return out;
      },
    },
  };
}

/** Splits text into plain and highlighted parts for rendering. */
export function highlightParts(text: string, ranges: Array<[number, number]>): Array<{ text: string; hit: boolean }> {
  const parts: Array<{ text: string; hit: boolean }> = [];
  let pos = 0;
  for (const [start, end] of ranges) {
    if (start > pos) parts.push({ text: text.slice(pos, start), hit: false });
    parts.push({ text: text.slice(start, end), hit: true });
    pos = end;
  }
  if (pos < text.length) parts.push({ text: text.slice(pos), hit: false });
  return parts;
}
