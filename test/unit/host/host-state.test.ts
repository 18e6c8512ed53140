import { describe, expect, it } from 'vitest';
import { pruneSessions, SESSION_DAYS, sessionHash } from '../../../src/main/host/host-state';

describe('the browser host’s remembered sessions', () => {
  it(`forgets sessions older than ${SESSION_DAYS} days and keeps only hashes`, () => {
    const now = new Date('2026-12-05T12:00:00Z');
    const state = {
      schemaVersion: 1 as const,
      port: 41234,
      sessions: [
        { sha256: sessionHash('fresh'), createdAt: '2026-12-04T12:00:00Z' },
        { sha256: sessionHash('old'), createdAt: '2026-11-20T12:00:00Z' },
      ],
    };
    expect(pruneSessions(state, now)).toEqual({ ...state, sessions: [state.sessions[0]] });
    expect(sessionHash('fresh')).toMatch(/^[0-9a-f]{64}$/);
    expect(sessionHash('fresh')).not.toContain('fresh');
  });
});
