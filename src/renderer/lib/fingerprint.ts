/** Display helpers for SHA-256 certificate fingerprints (64 lower-case hex digits). */

/** "a1b2c3d4..." -> "a1b2 c3d4 ...": easier to compare by eye with `lxc info`. */
export function groupFingerprint(hex: string, groupSize = 4): string {
  return chunk(normaliseFingerprint(hex), groupSize).join(' ');
}

/** The grouped fingerprint split into lines of `groupsPerLine` groups (2 lines of 8 by default). */
export function fingerprintLines(hex: string, groupSize = 4, groupsPerLine = 8): string[] {
  const groups = chunk(normaliseFingerprint(hex), groupSize);
  const lines: string[] = [];
  for (let i = 0; i < groups.length; i += groupsPerLine) lines.push(groups.slice(i, i + groupsPerLine).join(' '));
  return lines;
}

/** First 12 digits, for compact places: "a1b2c3d4e5f6…". */
export function shortFingerprint(hex: string, digits = 12): string {
  const clean = normaliseFingerprint(hex);
  return clean.length > digits ? `${clean.slice(0, digits)}…` : clean;
}

/** Accepts what people paste: upper case, colons, spaces. */
export function normaliseFingerprint(text: string): string {
  return text.toLowerCase().replace(/[^0-9a-f]/g, '');
}

export function sameFingerprint(a: string, b: string): boolean {
  const x = normaliseFingerprint(a);
  return x.length > 0 && x === normaliseFingerprint(b);
}

function chunk(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
