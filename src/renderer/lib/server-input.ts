import { isTokenExpired, parseTrustToken, type TrustToken } from '../../shared/trust-token';

export const DEFAULT_LXD_PORT = 8443;

/** What the user typed in the "server" field of the add-remote wizard. */
export type ServerInput =
  | { kind: 'empty' }
  | { kind: 'address'; address: string }
  | { kind: 'token'; token: TrustToken; expired: boolean }
  | { kind: 'invalid-token'; reason: string };

// Trust tokens are one long base64 line; host names and addresses are short and have no '='.
const TOKEN_LIKE = /^[A-Za-z0-9+/_=-]{60,}$/;

export function classifyServerInput(text: string, now: Date = new Date()): ServerInput {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  const parsed = parseTrustToken(trimmed);
  if (parsed.ok) return { kind: 'token', token: parsed.token, expired: isTokenExpired(parsed.token, now) };
  if (TOKEN_LIKE.test(trimmed)) return { kind: 'invalid-token', reason: parsed.reason };
  return { kind: 'address', address: trimmed };
}

/**
 * What the address will be once the default port is filled in, for a preview under the field.
 * The main process does the authoritative normalisation; this only mirrors it for display.
 */
export function withDefaultPort(address: string, port = DEFAULT_LXD_PORT): string {
  let text = address
    .trim()
    .replace(/^https:\/\//i, '')
    .replace(/\/+$/, '');
  if (text === '') return text;
  if (text.startsWith('[')) {
    // [v6] or [v6]:port
    return /\]:\d+$/.test(text) ? text : `${text}:${port}`;
  }
  const colons = (text.match(/:/g) ?? []).length;
  if (colons > 1) return `[${text}]:${port}`; // bare IPv6
  if (colons === 1) return text;
  text = `${text}:${port}`;
  return text;
}
