import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { lastBackupSchema, type BackupSettings, type ChannelTriggers, type LastBackup } from '../../shared/channels/store';
import type { BcmStore } from '../store/bcm-store';
import { readSection, writeSection } from '../store/config';
import { readJsonFile, writeJsonFile } from '../store/json-file';

/** config.json "backup": where archives go and the schedule (committed like any setting). */
const keySectionSchema = z.object({
  recipient: z.string(),
  source: z.enum(['generated', 'passphrase', 'pasted']),
  setAt: z.string(),
  /** a key derived from a passphrase: its salt and work factor (public; they go into every archive too) */
  derivation: z.object({ salt: z.string(), logN: z.number().int().min(1).max(30) }).optional(),
});
export type KeySection = z.output<typeof keySectionSchema>;

const settingsSectionSchema = z.object({
  folder: z.string().min(1).optional(),
  daily: z.boolean().default(false),
  afterChannelChange: z.boolean().default(false),
  key: keySectionSchema.optional(),
});
type SettingsSection = z.output<typeof settingsSectionSchema>;

/**
 * Where BCM up to issue 13 remembered the passphrase of scheduled backups (plain text, 0600).
 * Nothing writes it any more; a start that finds it deletes it (./service.ts, migrate).
 */
export const OLD_PASSPHRASE_SECRET = 'backup-passphrase';

export function defaultBackupFolder(env: NodeJS.ProcessEnv = process.env): string {
  return env.BCM_BACKUP_DIR && env.BCM_BACKUP_DIR.length > 0 ? env.BCM_BACKUP_DIR : join(homedir(), 'bcm-backups');
}

export async function readBackupSection(store: BcmStore): Promise<SettingsSection> {
  return readSection(store, 'backup', settingsSectionSchema, { daily: false, afterChannelChange: false });
}

export async function readSettings(store: BcmStore): Promise<BackupSettings> {
  const section = await readBackupSection(store);
  const key = section.key ? { recipient: section.key.recipient, source: section.key.source, setAt: section.key.setAt } : null;
  const notice = (await readState(store))?.notice ?? null;
  return { folder: section.folder ?? defaultBackupFolder(), daily: section.daily, afterChannelChange: section.afterChannelChange, key, notice };
}

export async function writeSettings(store: BcmStore, next: SettingsSection, message: string): Promise<void> {
  await writeSection(store, 'backup', next, message);
}

export function describeSettingsChange(before: BackupSettings, after: SettingsSection): string {
  const parts: string[] = [];
  if (after.folder !== undefined && after.folder !== before.folder) parts.push(`folder ${after.folder}`);
  if (after.daily !== before.daily) parts.push(`daily backup ${after.daily ? 'on' : 'off'}`);
  if (after.afterChannelChange !== before.afterChannelChange) parts.push(`backup after channel changes ${after.afterChannelChange ? 'on' : 'off'}`);
  if ((after.key?.recipient ?? null) !== (before.key?.recipient ?? null)) parts.push(after.key ? `backup key ${after.key.recipient} (${after.key.source})` : 'backup key removed');
  return parts.length > 0 ? `Change backup settings: ${parts.join(', ')}` : 'Change backup settings';
}

/** ~/.bcm/state/backup.json: this machine's record of its last backup (not in git, not archived). */
const stateSchema = z.object({
  schemaVersion: z.literal(1),
  last: lastBackupSchema.nullable(),
  /** the last backup a channel change triggered */
  lastChannelTriggered: z.object({ at: z.string(), path: z.string(), datacenters: z.array(z.string()) }).nullable().optional(),
  /** shown on the Backup page until the owner dismisses it */
  notice: z.string().nullable().optional(),
});
type BackupState = z.output<typeof stateSchema>;

function statePath(store: BcmStore): string {
  return join(store.root, 'state', 'backup.json');
}

async function readState(store: BcmStore): Promise<BackupState | null> {
  return (await readJsonFile(statePath(store), stateSchema, 1)) ?? null;
}

async function updateState(store: BcmStore, change: Partial<Omit<BackupState, 'schemaVersion'>>): Promise<void> {
  const before = (await readState(store)) ?? { schemaVersion: 1 as const, last: null };
  await writeJsonFile(statePath(store), { ...before, ...change, schemaVersion: 1 });
}

export async function readLastBackup(store: BcmStore): Promise<LastBackup | null> {
  return (await readState(store))?.last ?? null;
}

export async function writeLastBackup(store: BcmStore, last: LastBackup): Promise<void> {
  await updateState(store, { last });
}

export async function readLastChannelTriggered(store: BcmStore): Promise<ChannelTriggers['last']> {
  return (await readState(store))?.lastChannelTriggered ?? null;
}

export async function writeLastChannelTriggered(store: BcmStore, last: NonNullable<ChannelTriggers['last']>): Promise<void> {
  await updateState(store, { lastChannelTriggered: last });
}

export async function writeNotice(store: BcmStore, notice: string | null): Promise<void> {
  await updateState(store, { notice });
}
