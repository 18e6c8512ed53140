/**
 * An artifact's pin is the hex digest of the release file, in lower case. Most projects publish
 * SHA-256 sums; Apache publishes only a SHA-512 (`<file>.sha512`) for Kafka's releases, so a pin may
 * be either: its length tells which (64 hex digits: SHA-256, 128: SHA-512). Files a user supplies
 * (a spec's local artifacts) are always given by their SHA-256.
 */
export type DigestAlgorithm = 'sha256' | 'sha512';

export function digestAlgorithm(pin: string): DigestAlgorithm {
  if (/^[0-9a-f]{64}$/.test(pin)) return 'sha256';
  if (/^[0-9a-f]{128}$/.test(pin)) return 'sha512';
  throw new Error(`"${pin.slice(0, 20)}…" is neither a SHA-256 (64 hex digits) nor a SHA-512 (128 hex digits).`);
}

/** "SHA-256" / "SHA-512", as messages name them */
export function digestLabel(pin: string): string {
  return digestAlgorithm(pin) === 'sha512' ? 'SHA-512' : 'SHA-256';
}
