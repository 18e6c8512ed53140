import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type {
  ArchiveInfo,
  BackupResult,
  BackupSettings,
  BackupStatus,
  JobProgress,
  LastBackup,
  Manifest,
  RestoreReport,
} from '../../shared/channels/store';
import { MIN_PASSPHRASE } from '../../shared/channels/store';
import { BcmError } from '../../shared/errors';
import type { BcmStore } from '../store/bcm-store';
import type { SecretStore } from '../store/secrets';
import { sweepChannelBackups, type ClientFor } from './channels';
import { createBackup } from './create';
import { checkBackupFolder } from './folder';
import { isArchiveName } from './naming';
import { throttled } from './progress';
import { inspectArchive, restoreArchive } from './restore';
import { describeSettingsChange, PASSPHRASE_SECRET, readLastBackup, readSettings, writeLastBackup, writeSettings } from './state';

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
  /** scrypt work factor for new archives (tests lower it) */
  logN?: number;
  /** the LXD project of a datacenter (default bcm-<name>; tests use their own prefix) */
  projectFor?: (datacenter: string) => string;
}

type ChannelState = NonNullable<BackupStatus['channelState']>;
type Trigger = LastBackup['trigger'];

/** Backups and restores of ~/.bcm, one at a time, with progress and cancellation. */
export class BackupService {
  private job: { id: string; kind: 'backup' | 'restore'; controller: AbortController } | null = null;
  private readonly listeners = new Set<(p: JobProgress) => void>();
  private channelState: ChannelState | null = null;

  constructor(private readonly deps: BackupServiceDeps) {}

  onProgress(listener: (p: JobProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  settings(): Promise<BackupSettings> {
    return readSettings(this.deps.store, this.deps.secrets);
  }

  async status(checkChannels: boolean): Promise<BackupStatus> {
    if (checkChannels) await this.checkChannels();
    return {
      settings: await this.settings(),
      lastBackup: await readLastBackup(this.deps.store),
      channelState: this.channelState,
      running: this.job ? { jobId: this.job.id, kind: this.job.kind } : null,
    };
  }

  async updateSettings(input: { folder?: string; daily?: boolean; afterChannelChange?: boolean; rememberPassphrase?: string }): Promise<BackupSettings> {
    const before = await this.settings();
    if (input.rememberPassphrase !== undefined && input.rememberPassphrase !== '' && input.rememberPassphrase.length < MIN_PASSPHRASE) {
      throw new BcmError('VALIDATION', `A remembered passphrase needs at least ${MIN_PASSPHRASE} characters, like any backup passphrase.`, {
        issues: [{ path: ['rememberPassphrase'], message: `At least ${MIN_PASSPHRASE} characters` }],
      });
    }
    const folder = input.folder !== undefined ? await checkBackupFolder(input.folder) : before.folder;
    if (input.rememberPassphrase !== undefined) {
      if (input.rememberPassphrase === '') await this.deps.secrets.remove(PASSPHRASE_SECRET);
      else await this.deps.secrets.write(PASSPHRASE_SECRET, input.rememberPassphrase);
    }
    const next = {
      folder,
      daily: input.daily ?? before.daily,
      afterChannelChange: input.afterChannelChange ?? before.afterChannelChange,
    };
    if (next.folder !== before.folder || next.daily !== before.daily || next.afterChannelChange !== before.afterChannelChange) {
      await writeSettings(this.deps.store, next, describeSettingsChange(before, next));
    }
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

  async create(jobId: string, passphrase: string, folder?: string, trigger: Trigger = 'manual'): Promise<BackupResult> {
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
        passphrase,
        appVersion: this.deps.appVersion,
        channels,
        signal: controller.signal,
        onProgress: progress,
        ...(this.deps.logN !== undefined ? { logN: this.deps.logN } : {}),
      });
      progress.flush();
      await writeLastBackup(this.deps.store, {
        at: new Date().toISOString(),
        path: result.path,
        size: result.size,
        members: result.members,
        channelBackups: result.channelBackups.map((c) => ({ datacenter: c.datacenter, node: c.node, network: c.network, sha256: c.sha256 })),
        trigger,
      });
      this.channelState = { checkedAt: new Date().toISOString(), changed: [], notes: channels.notes };
      // the folder chosen for this backup is where the next one goes (and where Restore looks)
      if (folder !== undefined && target !== (await this.settings()).folder) await this.updateSettings({ folder: target });
      return result;
    })());
  }

  /** For schedules: back up with the remembered passphrase; undefined when none is remembered. */
  async createUnattended(trigger: Trigger): Promise<BackupResult | undefined> {
    const passphrase = await this.deps.secrets.read(PASSPHRASE_SECRET);
    if (passphrase === undefined || this.job) return undefined;
    return this.create(`auto-${Date.now()}`, passphrase, undefined, trigger);
  }

  async inspect(path: string, passphrase: string): Promise<{ manifest: Manifest; archiveSize: number; target: string; targetHasStore: boolean }> {
    const { manifest, size } = await inspectArchive(path, passphrase);
    const names = await readdir(this.deps.store.root).catch(() => [] as string[]);
    const hasStore = names.some((n) => n !== '.git' && n !== '.gitignore');
    return { manifest, archiveSize: size, target: this.deps.store.root, targetHasStore: hasStore };
  }

  async restore(jobId: string, path: string, passphrase: string): Promise<RestoreReport> {
    const controller = this.begin(jobId, 'restore');
    const progress = this.sink(jobId, 'restore');
    return this.finish(jobId, 'restore', (async () => {
      let resume: (() => Promise<void>) | undefined;
      try {
        return await this.restoreWith(path, passphrase, controller.signal, progress, async () => {
          resume = await this.deps.pauseForRestore?.();
        });
      } finally {
        await resume?.().catch((err: unknown) => console.error(`[bcm] after the restore, something could not be restarted: ${(err as Error).message}`));
      }
    })());
  }

  private async restoreWith(path: string, passphrase: string, signal: AbortSignal, progress: ReturnType<BackupService['sink']>, pause: () => Promise<void>): Promise<RestoreReport> {
    const report = await restoreArchive({
      path,
      passphrase,
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
      channelBackups: report.channelBackups.map((c) => ({ datacenter: c.datacenter, node: c.node, network: c.network, sha256: c.sha256 })),
      trigger: 'restored',
    });
    this.channelState = null;
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
    const known = new Map((last?.channelBackups ?? []).map((c) => [`${c.datacenter}/${c.node}/${c.network}`, c.sha256]));
    const changed = sweep.backups
      .filter((b) => known.get(`${b.datacenter}/${b.node}/${b.network}`) !== b.sha256)
      .map((b) => ({
        datacenter: b.datacenter,
        node: b.node,
        network: b.network,
        reason: known.has(`${b.datacenter}/${b.node}/${b.network}`) ? 'its channels changed since the last backup' : 'it has never been backed up',
      }));
    this.channelState = { checkedAt: new Date().toISOString(), changed, notes: sweep.notes };
    return this.channelState;
  }
}
