import { z } from 'zod';
import { none } from './common';

/** ~/.bcm: its git history, backups and restores. */

const oidSchema = z.string().regex(/^[0-9a-f]{40}$/, 'A commit id: 40 hex digits');
/** a path inside ~/.bcm as git lists it (forward slashes, no leading slash, never .git) */
const storePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.startsWith('/') && !p.split('/').some((s) => s === '..' || s === '') && !p.startsWith('.git/'), 'A path inside ~/.bcm');
/**
 * What never enters ~/.bcm's history (the store's .gitignore): secrets, this machine's state and
 * recovery material. A history restore of such a path could only delete it, so it is refused here
 * and again in main against the real ignore rules.
 */
export const NEVER_IN_HISTORY = ['secrets', 'state', 'recovery'] as const;
export function isNeverInHistory(path: string): boolean {
  const top = path.split('/')[0] ?? '';
  return (NEVER_IN_HISTORY as readonly string[]).includes(top) || /\.(tmp|partial)$/.test(path) || path === '.gitignore';
}
const historyPathSchema = storePathSchema.refine(
  (p) => !isNeverInHistory(p),
  'secrets/, state/ and recovery/ are never in the history, so they cannot be restored from it',
);
const jobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/);
const localPathSchema = z.string().trim().min(1, 'Enter a path').max(4096);
/** a folder on this computer: absolute, or archives would land wherever the app was started */
const folderSchema = localPathSchema.refine((p) => p.startsWith('/'), 'An absolute folder, starting with /');
const passphraseSchema = z.string().min(1, 'Enter the passphrase').max(1024);
/** an age identity: the file's text or its AGE-SECRET-KEY-1… line (checked in main) */
const identitySchema = z.string().trim().min(1, 'Give the identity').max(16 * 1024);
/** what opens an archive: its passphrase, or the identity of the backup key it was encrypted to */
const unlockFields = { passphrase: passphraseSchema.optional(), identity: identitySchema.optional() };
const oneUnlock = (v: { passphrase?: string | undefined; identity?: string | undefined }): boolean => (v.passphrase === undefined) !== (v.identity === undefined);
const oneUnlockMessage = { message: 'Give the passphrase or the identity (one of them)', path: ['passphrase'] };

export const fileChangeSchema = z.object({ path: z.string(), change: z.enum(['added', 'modified', 'deleted']) });
export const historyCommitSchema = z.object({
  oid: z.string(),
  message: z.string(),
  time: z.number(),
  author: z.string(),
  parent: z.string().nullable(),
  files: z.array(fileChangeSchema),
});
export type HistoryCommit = z.infer<typeof historyCommitSchema>;

export const MIN_PASSPHRASE = 10;

/** One file in an archive: where it sits in the tar, its size, mode and SHA-256. */
export const manifestMemberSchema = z.object({
  path: z.string(),
  kind: z.enum(['store', 'channel-backup']),
  size: z.number().int().min(0),
  mode: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ManifestMember = z.infer<typeof manifestMemberSchema>;

export const channelBackupEntrySchema = z.object({
  datacenter: z.string(),
  endpoint: z.string(),
  project: z.string(),
  /** the container: lnd or clightning */
  node: z.string(),
  implementation: z.enum(['lnd', 'clightning']),
  network: z.string(),
  /** where the file was inside the container */
  sourcePath: z.string(),
  /** where it is in the archive */
  path: z.string(),
  sha256: z.string(),
  size: z.number().int().min(0),
});
export type ChannelBackupEntry = z.infer<typeof channelBackupEntrySchema>;

export const BACKUP_FORMAT = 'bcm-backup';
export const BACKUP_FORMAT_VERSION = 1;

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().min(1),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string() }),
  host: z.string(),
  source: z.string(),
  /** the store's last commit when the backup was made */
  storeHead: z.string().nullable(),
  members: z.array(manifestMemberSchema),
  channelBackups: z.array(channelBackupEntrySchema),
  /** what could not be included and why (e.g. a datacenter's endpoint was unreachable) */
  notes: z.array(z.string()),
});
export type Manifest = z.infer<typeof manifestSchema>;

/**
 * The backup key of scheduled and channel-triggered backups: an age X25519 recipient. Only the
 * public half is kept; its owner keeps the identity (a file they saved) or the passphrase it was
 * derived from.
 */
export const backupKeySchema = z.object({
  recipient: z.string(),
  source: z.enum(['generated', 'passphrase', 'pasted']),
  setAt: z.string(),
});
export type BackupKey = z.infer<typeof backupKeySchema>;

export const backupSettingsSchema = z.object({
  /** where archives go; default ~/bcm-backups */
  folder: z.string(),
  /** back up once a day (needs a backup key) */
  daily: z.boolean(),
  /** back up when a Lightning node's channel state changes (needs a backup key) */
  afterChannelChange: z.boolean(),
  /** what scheduled backups are encrypted to; null until the owner sets one up */
  key: backupKeySchema.nullable(),
  /** something the owner must read once (a passphrase that used to be remembered was removed) */
  notice: z.string().nullable(),
});
export type BackupSettings = z.infer<typeof backupSettingsSchema>;

export const archiveInfoSchema = z.object({ path: z.string(), name: z.string(), size: z.number(), modifiedAt: z.string() });
export type ArchiveInfo = z.infer<typeof archiveInfoSchema>;

export const lastBackupSchema = z.object({
  at: z.string(),
  path: z.string(),
  size: z.number(),
  members: z.number(),
  /** `sourcePath` since Core Lightning's hsm_secret is archived beside its emergency.recover (older records lack it: one file per node) */
  channelBackups: z.array(z.object({ datacenter: z.string(), node: z.string(), network: z.string(), sourcePath: z.string().optional(), sha256: z.string() })),
  /** how it was made; 'restored': this store was restored from it (it is the newest backup of what is here) */
  trigger: z.enum(['manual', 'daily', 'channel-change', 'cli', 'restored']),
});
export type LastBackup = z.infer<typeof lastBackupSchema>;

export const channelStateSchema = z.object({
  checkedAt: z.string(),
  /** nodes whose static channel backup differs from the one in the last archive (or is new) */
  changed: z.array(z.object({ datacenter: z.string(), node: z.string(), network: z.string(), reason: z.string() })),
  /** datacenters that could not be checked */
  notes: z.array(z.string()),
});

/** Backups triggered by channel changes: what is watched, and the last one made. */
export const channelTriggersSchema = z.object({
  /** each datacenter's lnd subscription (SubscribeChannelBackups) while the switch is on */
  watching: z.array(z.object({ datacenter: z.string(), state: z.enum(['watching', 'reconnecting']), message: z.string(), since: z.string() })),
  /** the last backup a channel change triggered */
  last: z.object({ at: z.string(), path: z.string(), datacenters: z.array(z.string()) }).nullable(),
  /** the last one that failed, and why (cleared by the next success) */
  lastError: z.object({ at: z.string(), message: z.string() }).nullable(),
  /** a channel changed and a backup is due at this time (debounced) */
  pendingSince: z.string().nullable(),
});
export type ChannelTriggers = z.infer<typeof channelTriggersSchema>;

export const backupStatusSchema = z.object({
  settings: backupSettingsSchema,
  lastBackup: lastBackupSchema.nullable(),
  channelState: channelStateSchema.nullable(),
  channelTriggers: channelTriggersSchema,
  running: z.object({ jobId: z.string(), kind: z.enum(['backup', 'restore']) }).nullable(),
});
export type BackupStatus = z.infer<typeof backupStatusSchema>;

export const backupResultSchema = z.object({
  path: z.string(),
  size: z.number(),
  members: z.number(),
  bytes: z.number(),
  channelBackups: z.array(channelBackupEntrySchema),
  notes: z.array(z.string()),
  seconds: z.number(),
});
export type BackupResult = z.infer<typeof backupResultSchema>;

export const restoreReportSchema = z.object({
  archive: z.string(),
  restoredTo: z.string(),
  /** where the store that was there before went (never deleted); null when there was none */
  keptAside: z.string().nullable(),
  /** uncommitted changes in the old store, committed there before it was moved aside */
  uncommittedSaved: z.array(z.string()),
  verified: z.number(),
  files: z.array(z.object({ path: z.string(), size: z.number(), sha256: z.string() })),
  channelBackups: z.array(channelBackupEntrySchema.extend({ restoredPath: z.string() })),
  /** the folder with the channel backups and RECOVERY.txt, or null when the archive had none */
  recoveryFolder: z.string().nullable(),
  instructions: z.array(z.string()),
  manifest: manifestSchema,
});
export type RestoreReport = z.infer<typeof restoreReportSchema>;

export const jobProgressSchema = z.object({
  jobId: z.string(),
  kind: z.enum(['backup', 'restore']),
  phase: z.enum(['preparing', 'channels', 'writing', 'decrypting', 'verifying', 'swapping', 'done', 'failed', 'cancelled']),
  done: z.number(),
  total: z.number(),
  member: z.string().optional(),
  message: z.string().optional(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const storeInvokeChannels = {
  'history.list': {
    input: z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    output: z.object({ commits: z.array(historyCommitSchema), pending: z.array(fileChangeSchema), root: z.string() }),
  },
  /** one file as of a commit (text; secrets are never in the history) */
  'history.fileAt': {
    input: z.object({ oid: oidSchema, path: storePathSchema }).strict(),
    output: z.object({ exists: z.boolean(), text: z.string(), binary: z.boolean() }),
  },
  'history.restoreFile': {
    input: z.object({ oid: oidSchema, path: historyPathSchema }).strict(),
    output: z.object({ commit: z.string().nullable(), message: z.string() }),
  },
  'history.restoreAll': {
    input: z.object({ oid: oidSchema }).strict(),
    output: z.object({ commit: z.string().nullable(), message: z.string(), files: z.array(fileChangeSchema) }),
  },
  'backup.status': {
    input: z.object({ checkChannels: z.boolean().default(false) }).strict(),
    output: backupStatusSchema,
  },
  'backup.updateSettings': {
    input: z
      .object({
        folder: folderSchema.optional(),
        daily: z.boolean().optional(),
        afterChannelChange: z.boolean().optional(),
        /** the owner read the notice */
        dismissNotice: z.literal(true).optional(),
      })
      .strict(),
    output: backupSettingsSchema,
  },
  'backup.listArchives': {
    input: z.object({ folder: folderSchema.optional() }).strict(),
    output: z.object({ folder: z.string(), archives: z.array(archiveInfoSchema) }),
  },
  /** resolves when the archive is complete; progress arrives on `backup.progress` */
  'backup.create': {
    input: z
      .object({
        jobId: jobIdSchema,
        passphrase: z.string().min(MIN_PASSPHRASE, `At least ${MIN_PASSPHRASE} characters`).max(1024),
        folder: folderSchema.optional(),
      })
      .strict(),
    output: backupResultSchema,
  },
  /** cancels a running backup or restore */
  'backup.cancel': { input: z.object({ jobId: jobIdSchema }).strict(), output: z.object({ cancelled: z.boolean() }) },
  /** a new identity for the backup key: shown once, never kept by BCM (setKey keeps its recipient) */
  'backup.key.generate': {
    input: none,
    output: z.object({ identity: z.string(), recipient: z.string(), fileText: z.string(), fileName: z.string() }),
  },
  /** sets the backup key: a generated or pasted recipient, or one derived from a passphrase */
  'backup.key.set': {
    input: z.discriminatedUnion('source', [
      z.object({ source: z.literal('generated'), recipient: z.string().trim().min(1).max(200) }).strict(),
      z.object({ source: z.literal('pasted'), recipient: z.string().trim().min(1, 'Paste an age1… recipient').max(200) }).strict(),
      z.object({ source: z.literal('passphrase'), passphrase: z.string().min(MIN_PASSPHRASE, `At least ${MIN_PASSPHRASE} characters`).max(1024) }).strict(),
    ]),
    output: backupSettingsSchema,
  },
  /** forgets the backup key (and turns the schedule off) */
  'backup.key.remove': { input: none, output: backupSettingsSchema },
  'restore.inspect': {
    input: z.object({ path: localPathSchema, ...unlockFields }).strict().refine(oneUnlock, oneUnlockMessage),
    output: z.object({ manifest: manifestSchema, archiveSize: z.number(), target: z.string(), targetHasStore: z.boolean() }),
  },
  'restore.run': {
    input: z.object({ jobId: jobIdSchema, path: localPathSchema, ...unlockFields }).strict().refine(oneUnlock, oneUnlockMessage),
    output: restoreReportSchema,
  },
} as const;

export const storeEventChannels = {
  /** progress of backups and restores (all jobs; filter by jobId) */
  'backup.progress': { params: none, payload: jobProgressSchema },
  /** ~/.bcm changed under the app (a restore, a history restore, or any commit): reload lists */
  'store.changed': {
    params: none,
    payload: z.object({ reason: z.enum(['change', 'history-restore', 'restored']), message: z.string(), commit: z.string().nullable() }),
  },
} as const;
