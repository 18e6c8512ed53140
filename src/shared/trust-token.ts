import { z } from 'zod';

/**
 * An LXD trust token (`lxc config trust add`) is base64 of a JSON object naming the server's
 * certificate fingerprint, its addresses, a one-time secret and (optionally) an expiry.
 */
const tokenBodySchema = z.object({
  client_name: z.string().optional(),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  addresses: z.array(z.string()).min(1),
  secret: z.string().min(1),
  expires_at: z.string().optional(),
});

export interface TrustToken {
  clientName?: string;
  fingerprint: string;
  addresses: string[];
  secret: string;
  /** ISO time, absent when the token never expires */
  expiresAt?: string;
}

export type TokenParse = { ok: true; token: TrustToken } | { ok: false; reason: string };

const NEVER = '0001-01-01T00:00:00Z';

export function parseTrustToken(text: string): TokenParse {
  const trimmed = text.trim();
  let json: unknown;
  try {
    const padded = trimmed.replace(/-/g, '+').replace(/_/g, '/');
    json = JSON.parse(atob(padded + '='.repeat((4 - (padded.length % 4)) % 4)));
  } catch {
    return { ok: false, reason: 'This is not an LXD trust token (it should be one long line from `lxc config trust add`).' };
  }
  const parsed = tokenBodySchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, reason: 'The token is incomplete: it lacks the server fingerprint, addresses or secret.' };
  }
  const body = parsed.data;
  const token: TrustToken = { fingerprint: body.fingerprint, addresses: body.addresses, secret: body.secret };
  if (body.client_name) token.clientName = body.client_name;
  if (body.expires_at && !body.expires_at.startsWith(NEVER)) token.expiresAt = body.expires_at;
  return { ok: true, token };
}

export function isTokenExpired(token: TrustToken, now: Date = new Date()): boolean {
  return token.expiresAt !== undefined && Date.parse(token.expiresAt) <= now.getTime();
}
