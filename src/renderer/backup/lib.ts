import type { JobProgress, LastBackup, Manifest } from '../../shared/channels/store';
import { BcmError } from '../../shared/errors';

/** Pure helpers for the backup screens (unit-tested). */

const PHASE_LABELS: Record<JobProgress['phase'], string> = {
  preparing: 'Reading ~/.bcm',
  channels: 'Pulling channel backups through LXD',
  writing: 'Encrypting and writing',
  decrypting: 'Decrypting',
  verifying: 'Verifying every member',
  swapping: 'Putting the restored store in place',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function phaseLabel(phase: JobProgress['phase']): string {
  return PHASE_LABELS[phase];
}

export function progressPercent(p: Pick<JobProgress, 'done' | 'total' | 'phase'> | null): number {
  if (!p) return 0;
  if (p.phase === 'done') return 100;
  if (p.total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.round((p.done / p.total) * 100)));
}

/** A job id the main side accepts ([A-Za-z0-9_-]{6,64}). */
export function newJobId(random: () => number = Math.random): string {
  return `job-${Date.now().toString(36)}-${Math.floor(random() * 0xffffffff).toString(36)}`;
}

export interface PassphraseCheck {
  ok: boolean;
  error?: string;
  confirmError?: string;
}

export function checkPassphrase(passphrase: string, confirm: string, min: number): PassphraseCheck {
  if (passphrase.length === 0) return { ok: false };
  if (passphrase.length < min) return { ok: false, error: `At least ${min} characters: the archive is only as safe as this passphrase.` };
  if (confirm.length > 0 && confirm !== passphrase) return { ok: false, confirmError: 'The two passphrases differ.' };
  if (confirm.length === 0) return { ok: false };
  return { ok: true };
}

export interface ManifestCounts {
  endpoints: number;
  datacenters: number;
  secrets: number;
  history: number;
  other: number;
}

export function manifestCounts(manifest: Manifest): ManifestCounts {
  const counts: ManifestCounts = { endpoints: 0, datacenters: 0, secrets: 0, history: 0, other: 0 };
  for (const m of manifest.members) {
    if (m.kind !== 'store') continue;
    const rel = m.path.replace(/^bcm-backup\/store\//, '');
    if (rel.startsWith('endpoints/')) counts.endpoints++;
    else if (rel.startsWith('datacenters/')) counts.datacenters++;
    else if (rel.startsWith('secrets/')) counts.secrets++;
    else if (rel.startsWith('.git/')) counts.history++;
    else counts.other++;
  }
  return counts;
}

export function totalBytes(manifest: Manifest): number {
  return manifest.members.reduce((n, m) => n + m.size, 0);
}

/** How stale the last backup is, as a colour and a word for a badge. */
export function freshness(last: LastBackup | null, now: Date = new Date()): { color: string; label: string } {
  if (!last) return { color: 'orange', label: 'Never backed up' };
  const hours = (now.getTime() - Date.parse(last.at)) / 3_600_000;
  if (hours < 24) return { color: 'teal', label: 'Backed up' };
  if (hours < 24 * 7) return { color: 'yellow', label: 'Over a day old' };
  return { color: 'orange', label: 'Over a week old' };
}

export function fileName(path: string): string {
  return path.split('/').pop() ?? path;
}

/** The input an error points at: main's `detail.field`, or the first path of a validation issue. */
export function errorField(err: unknown): string | undefined {
  if (!(err instanceof BcmError)) return undefined;
  const field = err.detail?.['field'];
  if (typeof field === 'string') return field;
  const issues = err.detail?.['issues'];
  if (Array.isArray(issues)) {
    const first: unknown = issues[0];
    if (typeof first === 'object' && first !== null && 'path' in first && Array.isArray(first.path) && typeof first.path[0] === 'string') return first.path[0];
  }
  return undefined;
}
