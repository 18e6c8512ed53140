import type { BackupSettings, LastBackup } from '../../shared/channels/store';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether the daily backup is due (pure). */
export function dailyDue(settings: BackupSettings, last: LastBackup | null, now: Date): boolean {
  if (!settings.daily || settings.key === null) return false;
  if (last === null) return true;
  const at = Date.parse(last.at);
  return !Number.isFinite(at) || now.getTime() - at >= DAY_MS;
}

/**
 * When a burst of channel changes is backed up: once nothing changed for `quietMs` (an open is a
 * pending channel, then an open one, a few seconds apart), and at the latest `maxWaitMs` after the
 * first change, so a node whose channels never settle is still backed up within a minute.
 */
export interface DebouncePolicy {
  quietMs: number;
  maxWaitMs: number;
}
export const CHANNEL_DEBOUNCE: DebouncePolicy = { quietMs: 10_000, maxWaitMs: 45_000 };
/** while a backup or restore runs, a due channel backup asks again this often */
const BUSY_RETRY_MS = 5_000;

/** The time (ms) a burst that started at `firstAt` and last changed at `lastAt` is backed up (pure). */
export function debounceFireAt(firstAt: number, lastAt: number, policy: DebouncePolicy): number {
  return Math.min(lastAt + policy.quietMs, firstAt + policy.maxWaitMs);
}

export interface SchedulerTarget {
  settings(): Promise<BackupSettings>;
  lastBackup(): Promise<LastBackup | null>;
  /** whether a backup or restore runs now */
  busy(): boolean;
  createUnattended(trigger: 'daily' | 'channel-change', datacenters?: string[]): Promise<unknown>;
}

/**
 * The optional schedule: a daily backup (checked every `checkMs`), and a backup shortly after a
 * Lightning node's channel state changes (the channel watcher calls `channelStateChanged`). Both
 * are encrypted to the backup key; without one they do nothing. Failures are logged and shown
 * on the Backup page; the next change or day tries again.
 */
export class BackupScheduler {
  private timer: ReturnType<typeof setInterval> | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private pending: { firstAt: number; lastAt: number; datacenters: Set<string> } | null = null;
  private running = false;

  constructor(
    private readonly target: SchedulerTarget,
    private readonly options: { checkMs?: number; debounce?: DebouncePolicy; now?: () => number; log?: (line: string) => void } = {},
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.checkMs ?? 15 * 60 * 1000);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    this.timer = undefined;
    this.debounce = undefined;
  }

  async tick(): Promise<boolean> {
    try {
      const [settings, last] = await Promise.all([this.target.settings(), this.target.lastBackup()]);
      if (!dailyDue(settings, last, new Date(this.now()))) return false;
      await this.target.createUnattended('daily');
      return true;
    } catch (err) {
      this.options.log?.(`[bcm] scheduled backup failed: ${(err as Error).message}`);
      return false;
    }
  }

  /** when a channel change was first seen and not yet backed up (ISO), or null */
  pendingSince(): string | null {
    return this.pending ? new Date(this.pending.firstAt).toISOString() : null;
  }

  /** The hook for channel-state changes: backs up once things settle (debounced, see CHANNEL_DEBOUNCE). */
  channelStateChanged(datacenter?: string): void {
    const now = this.now();
    if (this.pending) this.pending.lastAt = now;
    else this.pending = { firstAt: now, lastAt: now, datacenters: new Set() };
    if (datacenter) this.pending.datacenters.add(datacenter);
    if (!this.running) this.arm(debounceFireAt(this.pending.firstAt, this.pending.lastAt, this.options.debounce ?? CHANNEL_DEBOUNCE));
  }

  private arm(at: number): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void this.fire();
    }, Math.max(0, at - this.now()));
    this.debounce.unref?.();
  }

  private async fire(): Promise<void> {
    const burst = this.pending;
    if (!burst) return;
    if (this.target.busy()) return this.arm(this.now() + BUSY_RETRY_MS); // a manual backup or a restore: after it
    this.pending = null;
    this.running = true;
    try {
      const settings = await this.target.settings();
      if (settings.afterChannelChange && settings.key !== null) await this.target.createUnattended('channel-change', [...burst.datacenters].sort());
    } catch (err) {
      this.options.log?.(`[bcm] backup after a channel change failed: ${(err as Error).message}`);
    } finally {
      this.running = false;
      // changes seen while it ran may be missing from it: one more backup
      const next = this.pending as { firstAt: number; lastAt: number } | null;
      if (next) this.arm(debounceFireAt(next.firstAt, next.lastAt, this.options.debounce ?? CHANNEL_DEBOUNCE));
    }
  }
}
