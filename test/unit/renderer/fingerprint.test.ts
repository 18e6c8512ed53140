import { describe, expect, it } from 'vitest';
import {
  fingerprintLines,
  groupFingerprint,
  normaliseFingerprint,
  sameFingerprint,
  shortFingerprint,
} from '../../../src/renderer/lib/fingerprint';

const fp = '0123456789abcdef'.repeat(4);

describe('fingerprint display', () => {
  it('groups hex in fours', () => {
    expect(groupFingerprint(fp).split(' ')).toHaveLength(16);
    expect(groupFingerprint(fp).startsWith('0123 4567 89ab cdef 0123')).toBe(true);
  });
  it('splits into two lines of eight groups', () => {
    const lines = fingerprintLines(fp);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('0123 4567 89ab cdef 0123 4567 89ab cdef');
  });
  it('normalises pasted forms', () => {
    expect(normaliseFingerprint('01:23:AB')).toBe('0123ab');
    expect(sameFingerprint(fp.toUpperCase(), fp)).toBe(true);
    expect(sameFingerprint('', '')).toBe(false);
  });
  it('shortens', () => {
    expect(shortFingerprint(fp)).toBe('0123456789ab…');
  });
});
