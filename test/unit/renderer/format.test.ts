import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCpu,
  formatDuration,
  formatExpiry,
  formatMoment,
  formatRelative,
  percentOf,
} from '../../../src/renderer/lib/format';

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(8 * 1024 ** 3)).toBe('8.0 GiB');
    expect(formatBytes(250 * 1024 ** 3)).toBe('250 GiB');
  });
  it('does not pretend on bad input', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('percentOf', () => {
  it('clamps and survives zero totals', () => {
    expect(percentOf(1, 4)).toBe(25);
    expect(percentOf(5, 4)).toBe(100);
    expect(percentOf(1, 0)).toBe(0);
  });
});

describe('durations and relative times', () => {
  it('formats durations', () => {
    expect(formatDuration(12)).toBe('12 s');
    expect(formatDuration(300)).toBe('5 min');
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe('3 h 5 min');
    expect(formatDuration(2 * 86400 + 4 * 3600)).toBe('2 d 4 h');
    expect(formatDuration(20 * 86400 + 4 * 3600)).toBe('20 d');
    expect(formatDuration(90 * 86400)).toBe('3 months');
    expect(formatDuration(3649 * 86400)).toBe('9 years');
    expect(formatDuration(366 * 86400)).toBe('1 year');
  });
  it('formats relative to now', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(formatRelative('2030-01-01T00:00:02Z', now)).toBe('just now');
    expect(formatRelative('2029-12-31T23:59:20Z', now)).toBe('40 s ago');
    expect(formatRelative('2030-01-04T00:00:00Z', now)).toBe('in 3 d');
    expect(formatExpiry('2030-01-04T00:00:00Z', now)).toBe('expires in 3 d');
    expect(formatExpiry('2029-12-31T22:00:00Z', now)).toBe('expired 2 h ago');
    expect(formatRelative('not a date', now)).toBe('—');
  });
});

describe('formatCpu', () => {
  it('pluralises', () => {
    expect(formatCpu({ sockets: 1, cores: 4, threads: 8 })).toBe('1 socket · 4 cores · 8 threads');
  });
});

describe('formatMoment', () => {
  const now = new Date('2026-12-05T15:00:00Z');
  it('gives the time alone for a moment of today', () => {
    expect(formatMoment('2026-12-05T09:30:00Z', now, 'en-GB', 'UTC')).toBe('09:30:00');
  });
  it('gives the date too for any other day, as for the 2009 genesis block', () => {
    expect(formatMoment(1231006505 * 1000, now, 'en-GB', 'UTC')).toBe('3 Jan 2009, 18:15:05');
    expect(formatMoment('2026-12-04T23:59:59Z', now, 'en-GB', 'UTC')).toBe('4 Dec 2026, 23:59:59');
  });
  it('says nothing for a date it cannot read', () => {
    expect(formatMoment('not a date', now)).toBe('—');
  });
});
