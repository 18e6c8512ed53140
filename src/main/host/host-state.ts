import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * What the browser host keeps across its restarts, in ~/.bcm.host.json beside the store (0600; not
 * inside ~/.bcm, which a restore swaps and a backup archives): the port it last listened on, so an open tab finds it again, and the
 * SHA-256 of each tab's session secret (never the secret), so that tab's Reload works after a
 * restart. Sessions expire after `SESSION_DAYS`.
 */
export const SESSION_DAYS = 7;

const stateSchema = z.object({
  schemaVersion: z.literal(1),
  port: z.number().int().min(1).max(65535).optional(),
  sessions: z.array(z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), createdAt: z.string() })).default([]),
});
export type HostState = z.output<typeof stateSchema>;

export const sessionHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** The state without expired sessions (pure). */
export function pruneSessions(state: HostState, now: Date): HostState {
  const oldest = now.getTime() - SESSION_DAYS * 86_400_000;
  return { ...state, sessions: state.sessions.filter((s) => Date.parse(s.createdAt) >= oldest) };
}

export function readHostState(file: string, now: Date = new Date()): HostState {
  try {
    return pruneSessions(stateSchema.parse(JSON.parse(readFileSync(file, 'utf8'))), now);
  } catch {
    return { schemaVersion: 1, sessions: [] }; // missing or unreadable: start afresh
  }
}

export function writeHostState(file: string, state: HostState): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
