/** CSI (colours, cursor moves) and OSC (titles, links) escape sequences. */
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const SUSPICIOUS = /[\x00-\x08\x0b-\x1f\x7f\ufffd]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]/g;

export interface CleanLine {
  text: string;
  /** held bytes that are not text (control characters, invalid UTF-8) */
  binary: boolean;
}

/**
 * Makes one decoded line safe and readable: terminal escape sequences removed, a trailing CR
 * dropped, other control characters shown as their Unicode control pictures (␀, ␛, ...).
 */
export function cleanLine(raw: string): CleanLine {
  let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (!SUSPICIOUS.test(text)) return { text, binary: false };
  text = text.replace(ESCAPES, '');
  const binary = SUSPICIOUS.test(text);
  if (!binary) return { text, binary };
  text = text.replace(CONTROLS, (c) => String.fromCharCode(c === '\x7f' ? 0x2421 : 0x2400 + c.charCodeAt(0)));
  return { text, binary };
}
