/** Pure helpers for the browser host's access token (`http://127.0.0.1:PORT/#token=...`). */

export const TOKEN_STORAGE_KEY = 'bcm.hostToken';
/** the session secret the host gave this tab for its one-time link */
export const SESSION_STORAGE_KEY = 'bcm.hostSession';

export interface StoredCredentials {
  /** the one-time token this tab was opened with */
  link: string | null;
  /** the session the host gave for it */
  session: string | null;
}

/**
 * Which credential this page load presents. A link's token works once: when the hash carries the
 * token this tab already redeemed (a reload, or the same link opened again here) the tab's session
 * is used; a new token is presented as it is (and its session replaces the old one once given).
 */
export function chooseCredential(hashToken: string | null, stored: StoredCredentials): { present: string | null; store: StoredCredentials } {
  if (hashToken !== null && hashToken !== stored.link) return { present: hashToken, store: { link: hashToken, session: null } };
  return { present: stored.session ?? stored.link, store: stored };
}

export interface HashToken {
  token: string | null;
  /** the hash without the token parameter ('' when nothing is left) */
  rest: string;
}

/** Takes `token=...` out of a location hash like "#token=abc&x=1". */
export function extractHashToken(hash: string): HashToken {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body === '') return { token: null, rest: '' };
  const params = new URLSearchParams(body);
  const token = params.get('token');
  params.delete('token');
  const rest = params.toString();
  return { token: token && token.length > 0 ? token : null, rest: rest === '' ? '' : `#${rest}` };
}

/** The WebSocket URL of the host's API for a page served at `host` (e.g. "127.0.0.1:4321"). */
export function apiSocketUrl(host: string, token: string, secure = false): string {
  return `${secure ? 'wss' : 'ws'}://${host}/api?token=${encodeURIComponent(token)}`;
}
