import type { BackupSettings, LastBackup } from '../../shared/channels/store';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether the daily backup is due (pure). */
export function dailyDue(settings: BackupSettings, last: LastBackup | null, now: Date): boolean {
  if (!settings.daily || !settings.passphraseRemembered) return false;
  if (last === null) return true;
  const at = Date.parse(last.at);
  return !Number.isFinite(at) || now.getTime() - at >= DAY_MS;
}

export interface SchedulerTarget {
  settings(): Promise<BackupSettings>;
  lastBackup(): Promise<LastBackup | null>;
  createUnattended(trigger: 'daily' | 'channel-change'): Promise<unknown>;
}

/**
 * The optional schedule: a daily backup (checked every `checkMs`), and a backup shortly after
 * a Lightning node's channel state changes. Service adapters (issue 4) call
 * `channelStateChanged()` when they see a channel open, close or update; both need a
 * remembered passphrase. Failures are logged without the passphrase and retried next time.
 */
export class BackupScheduler {
  private timer: ReturnType<typeof setInterval> | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly target: SchedulerTarget,
    private readonly options: { checkMs?: number; debounceMs?: number; now?: () => Date; log?: (line: string) => void } = {},
  ) {}

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
      if (!dailyDue(settings, last, this.options.now?.() ?? new Date())) return false;
      await this.target.createUnattended('daily');
      return true;
    } catch (err) {
      this.options.log?.(`[bcm] scheduled backup failed: ${(err as Error).message}`);
      return false;
    }
  }

  /** The hook for channel-state changes: backs up once things settle (debounced). */
  channelStateChanged(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void (async () => {
        try {
          const settings = await this.target.settings();
          if (settings.afterChannelChange && settings.passphraseRemembered) await this.target.createUnattended('channel-change');
        } catch (err) {
          this.options.log?.(`[bcm] backup after a channel change failed: ${(err as Error).message}`);
        }
      })();
    }, this.options.debounceMs ?? 30_000);
    this.debounce.unref?.();
  }
}
