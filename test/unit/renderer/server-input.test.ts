import { describe, expect, it } from 'vitest';
import { classifyServerInput, withDefaultPort } from '../../../src/renderer/lib/server-input';

function token(body: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(body)).toString('base64');
}

const fp = 'ab'.repeat(32);

describe('classifyServerInput', () => {
  it('recognises addresses', () => {
    expect(classifyServerInput('  ')).toEqual({ kind: 'empty' });
    expect(classifyServerInput('192.168.1.20')).toEqual({ kind: 'address', address: '192.168.1.20' });
    expect(classifyServerInput('nas.local:8443')).toEqual({ kind: 'address', address: 'nas.local:8443' });
  });
  it('recognises trust tokens and their expiry', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const valid = token({
      client_name: 'bcm',
      fingerprint: fp,
      addresses: ['10.0.0.2:8443'],
      secret: 's3cret',
      expires_at: '2030-02-01T00:00:00Z',
    });
    const result = classifyServerInput(valid, now);
    expect(result.kind).toBe('token');
    if (result.kind === 'token') {
      expect(result.token.addresses).toEqual(['10.0.0.2:8443']);
      expect(result.expired).toBe(false);
    }
    const old = token({
      fingerprint: fp,
      addresses: ['10.0.0.2:8443'],
      secret: 's',
      expires_at: '2029-01-01T00:00:00Z',
    });
    const expired = classifyServerInput(old, now);
    expect(expired.kind === 'token' && expired.expired).toBe(true);
  });
  it('says why a token-looking string is not a token', () => {
    const broken = token({ addresses: ['10.0.0.2:8443'], secret: 'abcdefghijklmnopqrstuvwxyz0123456789' });
    const result = classifyServerInput(broken);
    expect(result.kind).toBe('invalid-token');
  });
});

describe('withDefaultPort', () => {
  it('fills in 8443 when no port is given', () => {
    expect(withDefaultPort('10.0.0.2')).toBe('10.0.0.2:8443');
    expect(withDefaultPort('nas.local:9443')).toBe('nas.local:9443');
    expect(withDefaultPort('https://nas.local/')).toBe('nas.local:8443');
    expect(withDefaultPort('fd00::1')).toBe('[fd00::1]:8443');
    expect(withDefaultPort('[fd00::1]:1234')).toBe('[fd00::1]:1234');
    expect(withDefaultPort('[fd00::1]')).toBe('[fd00::1]:8443');
  });
});
