import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { lastBackupSchema, type BackupSettings, type LastBackup } from '../../shared/channels/store';
import type { BcmStore } from '../store/bcm-store';
import { readSection, writeSection } from '../store/config';
import { readJsonFile, writeJsonFile } from '../store/json-file';
import type { SecretStore } from '../store/secrets';

/** config.json "backup": where archives go and the schedule (committed like any setting). */
const settingsSectionSchema = z.object({
  folder: z.string().min(1).optional(),
  daily: z.boolean().default(false),
  afterChannelChange: z.boolean().default(false),
});
type SettingsSection = z.output<typeof settingsSectionSchema>;

export const PASSPHRASE_SECRET = 'backup-passphrase';

export function defaultBackupFolder(env: NodeJS.ProcessEnv = process.env): string {
  return env.BCM_BACKUP_DIR && env.BCM_BACKUP_DIR.length > 0 ? env.BCM_BACKUP_DIR : join(homedir(), 'bcm-backups');
}

export async function readSettings(store: BcmStore, secrets: SecretStore): Promise<BackupSettings> {
  const section = await readSection(store, 'backup', settingsSectionSchema, { daily: false, afterChannelChange: false });
  const remembered = (await secrets.read(PASSPHRASE_SECRET)) !== undefined;
  return { folder: section.folder ?? defaultBackupFolder(), daily: section.daily, afterChannelChange: section.afterChannelChange, passphraseRemembered: remembered };
}

export async function writeSettings(store: BcmStore, next: SettingsSection, message: string): Promise<void> {
  await writeSection(store, 'backup', next, message);
}

export function describeSettingsChange(before: BackupSettings, after: SettingsSection): string {
  const parts: string[] = [];
  if (after.folder !== undefined && after.folder !== before.folder) parts.push(`folder ${after.folder}`);
  if (after.daily !== before.daily) parts.push(`daily backup ${after.daily ? 'on' : 'off'}`);
  if (after.afterChannelChange !== before.afterChannelChange) parts.push(`backup after channel changes ${after.afterChannelChange ? 'on' : 'off'}`);
  return parts.length > 0 ? `Change backup settings: ${parts.join(', ')}` : 'Change backup settings';
}

/** ~/.bcm/state/backup.json: this machine's record of its last backup (not in git, not archived). */
const stateSchema = z.object({ schemaVersion: z.literal(1), last: lastBackupSchema.nullable() });

function statePath(store: BcmStore): string {
  return join(store.root, 'state', 'backup.json');
}

export async function readLastBackup(store: BcmStore): Promise<LastBackup | null> {
  return (await readJsonFile(statePath(store), stateSchema, 1))?.last ?? null;
}

export async function writeLastBackup(store: BcmStore, last: LastBackup): Promise<void> {
  await writeJsonFile(statePath(store), { schemaVersion: 1, last });
}
