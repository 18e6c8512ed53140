import { describe, expect, it } from 'vitest';
import { isTokenExpired, parseTrustToken } from '../../../src/shared/trust-token';

const encode = (body: unknown): string => Buffer.from(JSON.stringify(body)).toString('base64');
const body = {
  client_name: 'laptop',
  fingerprint: 'ab'.repeat(32),
  addresses: ['192.0.2.10:8443', '[2001:db8::1]:8443'],
  secret: 'c0ffee',
  expires_at: '0001-01-01T00:00:00Z',
};

describe('parseTrustToken', () => {
  it('reads the fields LXD puts in a token', () => {
    const parsed = parseTrustToken(`  ${encode(body)}\n`);
    expect(parsed).toEqual({
      ok: true,
      token: { clientName: 'laptop', fingerprint: 'ab'.repeat(32), addresses: body.addresses, secret: 'c0ffee' },
    });
  });

  it('treats LXD’s zero time as "never expires" and honours a real expiry', () => {
    const never = parseTrustToken(encode(body));
    expect(never.ok && isTokenExpired(never.token)).toBe(false);
    const soon = parseTrustToken(encode({ ...body, expires_at: '2026-01-01T00:00:00Z' }));
    expect(soon.ok && soon.token.expiresAt).toBe('2026-01-01T00:00:00Z');
    expect(soon.ok && isTokenExpired(soon.token, new Date('2026-06-01T00:00:00Z'))).toBe(true);
    expect(soon.ok && isTokenExpired(soon.token, new Date('2025-06-01T00:00:00Z'))).toBe(false);
  });

  it('accepts url-safe base64 without padding', () => {
    const urlSafe = encode(body).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(parseTrustToken(urlSafe).ok).toBe(true);
  });

  it.each([
    ['not base64 at all!', /not an LXD trust token/],
    [Buffer.from('{"nope":').toString('base64'), /not an LXD trust token/],
    [encode({ ...body, fingerprint: 'short' }), /incomplete/],
    [encode({ ...body, addresses: [] }), /incomplete/],
    [encode({ ...body, secret: '' }), /incomplete/],
  ])('refuses %j', (text, reason) => {
    const parsed = parseTrustToken(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
