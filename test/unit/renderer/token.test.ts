import { describe, expect, it } from 'vitest';
import { apiSocketUrl, extractHashToken } from '../../../src/renderer/boot/token';

describe('host token in the URL hash', () => {
  it('takes the token and keeps the rest', () => {
    expect(extractHashToken('#token=abc')).toEqual({ token: 'abc', rest: '' });
    expect(extractHashToken('#token=a%2Bb&view=x')).toEqual({ token: 'a+b', rest: '#view=x' });
    expect(extractHashToken('')).toEqual({ token: null, rest: '' });
    expect(extractHashToken('#token=')).toEqual({ token: null, rest: '' });
  });
  it('builds the API socket URL', () => {
    expect(apiSocketUrl('127.0.0.1:4000', 'a+b')).toBe('ws://127.0.0.1:4000/api?token=a%2Bb');
  });
});
