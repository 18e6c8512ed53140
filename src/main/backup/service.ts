import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { hostname } from 'node:os';
import type {
  ArchiveInfo,
  BackupResult,
  BackupSettings,
  BackupStatus,
  ChannelTriggers,
  JobProgress,
  LastBackup,
  Manifest,
  RestoreReport,
} from '../../shared/channels/store';
import type { InvokeInput } from '../../shared/contract';
import { BcmError } from '../../shared/errors';
import type { DecryptWith, EncryptTo } from './age';
import type { BcmStore } from '../store/bcm-store';
import type { SecretStore } from '../store/secrets';
import { sweepChannelBackups, type ClientFor } from './channels';
import { DEFAULT_LOG_N } from './age';
import { createBackup } from './create';
import { checkBackupFolder } from './folder';
import { isArchiveName } from './naming';
import { throttled } from './progress';
import { inspectArchive, restoreArchive } from './restore';
import { checkRecipient, DERIVE_LOG_N, generateIdentity, identityFileText, recipientFromPassphrase } from './keys';
import { stamp } from './naming';
import {
  describeSettingsChange,
  OLD_PASSPHRASE_SECRET,
  readBackupSection,
  readLastBackup,
  readLastChannelTriggered,
  readSettings,
  writeLastBackup,
  writeLastChannelTriggered,
  writeNotice,
  writeSettings,
  type KeySection,
} from './state';

/** What the owner reads once after an upgrade that found a remembered passphrase (issue 13). */
export const MIGRATION_NOTICE =
  'Scheduled backups no longer keep a passphrase on this computer: the one remembered in ~/.bcm/secrets/backup-passphrase was deleted. ' +
  'Daily and channel-triggered backups wait until you set up a backup key under Schedule (a new key you save, or one derived from your passphrase). ' +
  'Archives made before still open with their passphrase.';

export interface BackupServiceDeps {
  store: BcmStore;
  secrets: SecretStore;
  appVersion: string;
  clientFor: ClientFor;
  /** after a restore swapped ~/.bcm: drop cached clients (EndpointRegistry.close) */
  afterRestore?: () => Promise<void> | void;
  /**
   * Before a restore swaps ~/.bcm: stops what uses it (Tor, whose state lives there; scheduled
   * backups) or refuses (a deploy is running); returns what resumes them afterwards.
   */
  pauseForRestore?: () => Promise<() => Promise<void>>;
  /** scrypt work factor for new archives and for keys derived from a passphrase (tests lower it) */
  logN?: number;
  /** the LXD project of a datacenter (default bcm-<name>; tests use their own prefix) */
  projectFor?: (datacenter: string) => string;
}

type ChannelState = NonNullable<BackupStatus['channelState']>;
type Trigger = LastBackup['trigger'];
/** what the channel watcher and the scheduler say about channel-triggered backups */
export type TriggerView = Pick<ChannelTriggers, 'watching' | 'pendingSince'>;

/** Backups and restores of ~/.bcm, one at a time, with progress and cancellation. */
export class BackupService {
  private job: { id: string; kind: 'backup' | 'restore'; controller: AbortController } | null = null;
  private readonly listeners = new Set<(p: JobProgress) => void>();
  private channelState: ChannelState | null = null;
  private migrated: Promise<void> | undefined;
  private triggerView: () => TriggerView = () => ({ watching: [], pendingSince: null });
  private lastTriggerError: ChannelTriggers['lastError'] = null;

  constructor(private readonly deps: BackupServiceDeps) {}

  private readonly settingsListeners = new Set<() => void>();

  /** Runs after every settings change (the channel watcher follows the switch at once). */
  onSettingsChanged(listener: () => void): () => void {
    this.settingsListeners.add(listener);
    return () => this.settingsListeners.delete(listener);
  }

  /** The channel watcher and the scheduler report here what Status shows. */
  setTriggerView(view: () => TriggerView): void {
    this.triggerView = view;
  }

  /**
   * BCM up to issue 13 kept the passphrase of scheduled backups in secrets/: it is deleted, and
   * the owner is told what to do (once per store: a restored old store is migrated again).
   */
  private migrate(): Promise<void> {
    this.migrated ??= (async () => {
      if ((await this.deps.secrets.read(OLD_PASSPHRASE_SECRET)) === undefined) return;
      await this.deps.secrets.remove(OLD_PASSPHRASE_SECRET);
      await writeNotice(this.deps.store, MIGRATION_NOTICE);
    })();
    return this.migrated;
  }

  onProgress(listener: (p: JobProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async settings(): Promise<BackupSettings> {
    await this.migrate();
    return readSettings(this.deps.store);
  }

  async status(checkChannels: boolean): Promise<BackupStatus> {
    if (checkChannels) await this.checkChannels();
    return {
      settings: await this.settings(),
      lastBackup: await readLastBackup(this.deps.store),
      channelState: this.channelState,
      channelTriggers: { ...this.triggerView(), last: await readLastChannelTriggered(this.deps.store), lastError: this.lastTriggerError },
      running: this.job ? { jobId: this.job.id, kind: this.job.kind } : null,
    };
  }

  async updateSettings(input: { folder?: string; daily?: boolean; afterChannelChange?: boolean; dismissNotice?: true }): Promise<BackupSettings> {
    const before = await this.settings();
    const section = await readBackupSection(this.deps.store);
    if ((input.daily === true || input.afterChannelChange === true) && !section.key) {
      throw new BcmError('PRECONDITION_FAILED', 'Scheduled backups are encrypted to a backup key: set one up first (Schedule → Set up a backup key).');
    }
    const folder = input.folder !== undefined ? await checkBackupFolder(input.folder) : before.folder;
    if (input.dismissNotice) await writeNotice(this.deps.store, null);
    await this.saveSection(before, {
      ...section,
      folder,
      daily: input.daily ?? before.daily,
      afterChannelChange: input.afterChannelChange ?? before.afterChannelChange,
    });
    return this.settings();
  }

  private async saveSection(before: BackupSettings, next: Awaited<ReturnType<typeof readBackupSection>>): Promise<void> {
    const changed = next.folder !== before.folder || next.daily !== before.daily || next.afterChannelChange !== before.afterChannelChange || (next.key?.recipient ?? null) !== (before.key?.recipient ?? null);
    if (!changed) return;
    await writeSettings(this.deps.store, next, describeSettingsChange(before, next));
    for (const l of this.settingsListeners) l();
  }

  /** A new identity, shown once to its owner: BCM keeps nothing of it until setKey gets its recipient. */
  async generateKey(): Promise<{ identity: string; recipient: string; fileText: string; fileName: string }> {
    const { identity, recipient } = await generateIdentity();
    const now = new Date();
    return { identity, recipient, fileText: identityFileText(identity, recipient, now), fileName: `bcm-backup-key-${hostname().replace(/[^A-Za-z0-9-]/g, '-')}-${stamp(now)}.txt` };
  }

  /** Sets the backup key; a passphrase is turned into a recipient here and forgotten (only the salt is kept). */
  async setKey(input: InvokeInput<'backup.key.set'>): Promise<BackupSettings> {
    const before = await this.settings();
    const section = await readBackupSection(this.deps.store);
    const setAt = new Date().toISOString();
    let key: KeySection;
    if (input.source === 'passphrase') {
      const { recipient, derivation } = await recipientFromPassphrase(input.passphrase, this.deps.logN ?? DERIVE_LOG_N);
      key = { recipient, source: 'passphrase', setAt, derivation };
    } else {
      key = { recipient: checkRecipient(input.recipient), source: input.source, setAt };
    }
    await this.saveSection(before, { ...section, key });
    return this.settings();
  }

  /** Forgets the backup key; the schedule stops with it. */
  async removeKey(): Promise<BackupSettings> {
    const before = await this.settings();
    const { key: _key, ...section } = await readBackupSection(this.deps.store);
    await this.saveSection(before, { ...section, daily: false, afterChannelChange: false });
    return this.settings();
  }

  async listArchives(folder?: string): Promise<{ folder: string; archives: ArchiveInfo[] }> {
    const dir = resolve(folder ?? (await this.settings()).folder);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { folder: dir, archives: [] };
      throw new BcmError('STORE_ERROR', `Cannot list ${dir}: ${(err as Error).message}`);
    }
    const archives: ArchiveInfo[] = [];
    for (const name of names.filter(isArchiveName)) {
      const st = await stat(join(dir, name)).catch(() => undefined);
      if (st?.isFile()) archives.push({ path: join(dir, name), name, size: st.size, modifiedAt: st.mtime.toISOString() });
    }
    archives.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
    return { folder: dir, archives };
  }

  private begin(jobId: string, kind: 'backup' | 'restore'): AbortController {
    if (this.job) {
      throw new BcmError('CONFLICT', `A ${this.job.kind} is already running. Wait for it to finish, or cancel it.`);
    }
    const controller = new AbortController();
    this.job = { id: jobId, kind, controller };
    return controller;
  }

  private sink(jobId: string, kind: 'backup' | 'restore') {
    return throttled((u) => {
      const event: JobProgress = { jobId, kind, ...u };
      for (const l of this.listeners) l(event);
    });
  }

  private async finish<T>(jobId: string, kind: 'backup' | 'restore', work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      const cancelled = err instanceof BcmError && err.code === 'CANCELLED';
      const message = err instanceof Error ? err.message : String(err);
      for (const l of this.listeners) l({ jobId, kind, phase: cancelled ? 'cancelled' : 'failed', done: 0, total: 0, message });
      throw err;
    } finally {
      if (this.job?.id === jobId) this.job = null;
    }
  }

  cancel(jobId: string): boolean {
    if (this.job?.id !== jobId) return false;
    this.job.controller.abort();
    return true;
  }

  /** `lock`: a passphrase (one-click backups, the CLI) or where to encrypt to (scheduled backups) */
  async create(jobId: string, lock: string | EncryptTo, folder?: string, trigger: Trigger = 'manual'): Promise<BackupResult> {
    // checked before the job exists: a bad folder is a clear error, never a stuck job
    const target = await checkBackupFolder(folder ?? (await this.settings()).folder);
    const controller = this.begin(jobId, 'backup');
    const progress = this.sink(jobId, 'backup');
    return this.finish(jobId, 'backup', (async () => {
      progress({ phase: 'channels', done: 0, total: 0, message: 'Pulling static channel backups through LXD' });
      const channels = await sweepChannelBackups(this.deps.store.dirs.datacenters, this.deps.clientFor, this.sweepOptions(controller.signal));
      const result = await createBackup({
        store: this.deps.store,
        folder: target,
        to: typeof lock === 'string' ? { passphrase: lock, logN: this.deps.logN ?? DEFAULT_LOG_N } : lock,
        appVersion: this.deps.appVersion,
        channels,
        signal: controller.signal,
        onProgress: progress,
      });
      progress.flush();
      await writeLastBackup(this.deps.store, {
        at: new Date().toISOString(),
        path: result.path,
        size: result.size,
        members: result.members,
        channelBackups: result.channelBackups.map((c) => ({ datacenter: c.datacenter, node: c.node, network: c.network, sourcePath: c.sourcePath, sha256: c.sha256 })),
        trigger,
      });
      this.channelState = { checkedAt: new Date().toISOString(), changed: [], notes: channels.notes };
      // the folder chosen for this backup is where the next one goes (and where Restore looks)
      if (folder !== undefined && target !== (await this.settings()).folder) await this.updateSettings({ folder: target });
      return result;
    })());
  }

  /** Where scheduled backups are encrypted to; undefined until a backup key is set up. */
  async scheduledLock(): Promise<EncryptTo | undefined> {
    await this.migrate();
    const { key } = await readBackupSection(this.deps.store);
    if (!key) return undefined;
    return key.derivation ? { recipient: key.recipient, derivation: key.derivation } : { recipient: key.recipient };
  }

  /** whether a backup or restore runs now (a scheduled one waits for it) */
  busy(): boolean {
    return this.job !== null;
  }

  /**
   * For schedules: back up to the backup key; undefined when there is none or a job runs.
   * `datacenters`: the ones whose channels changed (recorded for a channel-triggered backup).
   */
  async createUnattended(trigger: Trigger, datacenters: string[] = []): Promise<BackupResult | undefined> {
    const lock = await this.scheduledLock();
    if (lock === undefined || this.job) return undefined;
    try {
      const result = await this.create(`auto-${Date.now()}`, lock, undefined, trigger);
      if (trigger === 'channel-change') {
        await writeLastChannelTriggered(this.deps.store, { at: new Date().toISOString(), path: result.path, datacenters });
        this.lastTriggerError = null;
      }
      return result;
    } catch (err) {
      if (trigger === 'channel-change') this.lastTriggerError = { at: new Date().toISOString(), message: err instanceof Error ? err.message : String(err) };
      throw err;
    }
  }

  async inspect(path: string, key: string | DecryptWith): Promise<{ manifest: Manifest; archiveSize: number; target: string; targetHasStore: boolean }> {
    const { manifest, size } = await inspectArchive(path, key);
    const names = await readdir(this.deps.store.root).catch(() => [] as string[]);
    const hasStore = names.some((n) => n !== '.git' && n !== '.gitignore');
    return { manifest, archiveSize: size, target: this.deps.store.root, targetHasStore: hasStore };
  }

  async restore(jobId: string, path: string, key: string | DecryptWith): Promise<RestoreReport> {
    const controller = this.begin(jobId, 'restore');
    const progress = this.sink(jobId, 'restore');
    return this.finish(jobId, 'restore', (async () => {
      let resume: (() => Promise<void>) | undefined;
      try {
        return await this.restoreWith(path, typeof key === 'string' ? { passphrase: key } : key, controller.signal, progress, async () => {
          resume = await this.deps.pauseForRestore?.();
        });
      } finally {
        await resume?.().catch((err: unknown) => console.error(`[bcm] after the restore, something could not be restarted: ${(err as Error).message}`));
      }
    })());
  }

  private async restoreWith(path: string, key: DecryptWith, signal: AbortSignal, progress: ReturnType<BackupService['sink']>, pause: () => Promise<void>): Promise<RestoreReport> {
    const report = await restoreArchive({
      path,
      key,
      store: this.deps.store,
      signal,
      onProgress: progress,
      beforeSwap: async () => {
        await pause();
        await this.deps.afterRestore?.();
      },
    });
    progress.flush();
    // state/ is never archived, so the restored store has no record of a backup: the archive it
    // came from is one, of exactly this content (issue 15: "Never backed up" right after a restore)
    await writeLastBackup(this.deps.store, {
      at: report.manifest.createdAt,
      path: report.archive,
      size: (await stat(report.archive)).size,
      members: report.manifest.members.length,
      channelBackups: report.channelBackups.map((c) => ({ datacenter: c.datacenter, node: c.node, network: c.network, sourcePath: c.sourcePath, sha256: c.sha256 })),
      trigger: 'restored',
    });
    this.channelState = null;
    this.migrated = undefined; // an old store may carry a remembered passphrase
    await this.deps.afterRestore?.();
    this.deps.store.emit({ reason: 'restored', message: `Restored ~/.bcm from ${report.archive}`, commit: report.manifest.storeHead });
    return report;
  }

  private sweepOptions(signal?: AbortSignal) {
    return { ...(signal ? { signal } : {}), ...(this.deps.projectFor ? { projectFor: this.deps.projectFor } : {}) };
  }

  /** Pulls the current static channel backups and compares them with the last archive's. */
  async checkChannels(): Promise<ChannelState> {
    const [last, sweep] = await Promise.all([
      readLastBackup(this.deps.store).catch(() => null),
      sweepChannelBackups(this.deps.store.dirs.datacenters, this.deps.clientFor, this.sweepOptions()),
    ]);
    // by file: a Core Lightning node has two (emergency.recover and hsm_secret); an older record names none
    const keyOf = (c: { datacenter: string; node: string; network: string }, file: string | undefined): string => `${c.datacenter}/${c.node}/${c.network}/${file ?? ''}`;
    const known = new Map((last?.channelBackups ?? []).map((c) => [keyOf(c, c.sourcePath), c.sha256]));
    const lastOf = (b: (typeof sweep.backups)[number]): string | undefined => known.get(keyOf(b, b.sourcePath)) ?? known.get(keyOf(b, undefined));
    const changed = sweep.backups
      .filter((b) => lastOf(b) !== b.sha256)
      .map((b) => ({
        datacenter: b.datacenter,
        node: b.node,
        network: b.network,
        reason: lastOf(b) !== undefined ? 'its channels changed since the last backup' : 'it has never been backed up',
      }))
      .filter((c, i, all) => all.findIndex((o) => o.datacenter === c.datacenter && o.node === c.node && o.network === c.network) === i); // once per node
    this.channelState = { checkedAt: new Date().toISOString(), changed, notes: sweep.notes };
    return this.channelState;
  }
}
