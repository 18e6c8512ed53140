import { randomBytes } from 'node:crypto';
import { sessionHash } from './host-state';
import { tokenMatches } from './security';

/**
 * The browser host's credentials. A link carries a one-time token: the first page that presents it
 * gets a session secret for its tab (kept in that tab's sessionStorage, so a reload works) and the
 * token is spent. The same link in another tab, or in another user's hands later, opens nothing;
 * whoever started the host asks it for a new link.
 */
export type Admission = { kind: 'session' } | { kind: 'redeemed'; session: string } | { kind: 'used' } | { kind: 'refused' };

export class HostLinks {
  private readonly unspent = new Set<string>();
  private readonly spent = new Set<string>();
  private readonly sessions = new Set<string>();
  /** SHA-256 of sessions given before a restart (host-state.ts) */
  private readonly known: Set<string>;

  constructor(
    knownSessionHashes: readonly string[] = [],
    /** told of each new session, to keep its hash */
    private readonly onSession: (secret: string) => void = () => undefined,
  ) {
    this.known = new Set(knownSessionHashes);
  }

  /** a new one-time token */
  mint(): string {
    const token = randomBytes(24).toString('base64url');
    this.unspent.add(token);
    return token;
  }

  /** adds a known token (tests give their own) */
  add(token: string): void {
    this.unspent.add(token);
  }

  /** What a presented credential is worth; an unspent token is spent by this call. */
  admit(given: string | null): Admission {
    if (!given) return { kind: 'refused' };
    const find = (set: Set<string>): string | undefined => [...set].find((t) => tokenMatches(given, t));
    if (find(this.sessions)) return { kind: 'session' };
    // a tab from before a restart: its secret's hash was kept (a hash lookup reveals nothing to time)
    if (this.known.has(sessionHash(given))) {
      this.sessions.add(given);
      return { kind: 'session' };
    }
    const token = find(this.unspent);
    if (token !== undefined) {
      this.unspent.delete(token);
      this.spent.add(token);
      const session = randomBytes(32).toString('base64url');
      this.sessions.add(session);
      this.onSession(session);
      return { kind: 'redeemed', session };
    }
    if (find(this.spent)) return { kind: 'used' };
    return { kind: 'refused' };
  }
}

/** close code and reason for a spent link (a WebSocket close reason must fit in 123 bytes) */
export const LINK_USED = { code: 4409, reason: 'This link was already used. Press Enter where BCM runs to get a new one.' } as const;
