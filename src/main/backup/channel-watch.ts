import type { ChannelTriggers } from '../../shared/channels/store';

/**
 * Channel-triggered backups (issue 13): while "Back up after channel changes" is on, one
 * SubscribeChannelBackups stream per datacenter with lnd (through the LXD API, like every other
 * call to lnd); each message lnd sends (a channel pending, opened or closed) tells the scheduler,
 * which backs up within a minute (debounced, ./schedule.ts). A stream that ends or fails is
 * opened again with back-off; the switch turned off closes them all.
 */
export interface ChannelWatchDeps {
  /** the datacenters whose spec has lnd */
  targets(): Promise<string[]>;
  /** whether the switch is on (and a backup key set) */
  enabled(): Promise<boolean>;
  subscribe(datacenter: string, onOpen: () => void, onChange: () => void, signal: AbortSignal): Promise<void>;
  changed(datacenter: string): void;
  /**
   * Each time a stream opens (the app started, lnd restarted, the endpoint came back): whatever
   * changed while nobody listened is caught here (the wiring compares the node's static channel
   * backup with the last archive's).
   */
  opened?(datacenter: string): void;
  /**
   * Nodes without a stream (Core Lightning: its `emergency.recover` has no subscription) are
   * polled instead: called every `pollMs` while the switch is on.
   */
  poll?(): Promise<void>;
  pollMs?: number;
  /** how often the set of streams is reconciled with the settings and specs */
  reconcileMs?: number;
  log?: (line: string) => void;
}

type Watched = ChannelTriggers['watching'][number];

/** seconds before opening a failed stream again: 2, 4, 8, … at most 60 */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(60_000, 2_000 * 2 ** Math.min(attempt, 5));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

export class ChannelWatcher {
  private readonly streams = new Map<string, { controller: AbortController; view: Watched }>();
  private timer: NodeJS.Timeout | undefined;
  private reconciling: Promise<void> | undefined;
  private lastPoll = 0;

  constructor(private readonly deps: ChannelWatchDeps) {}

  start(): void {
    if (this.timer) return;
    const tick = (): void => {
      void this.reconcile();
      this.timer = setTimeout(tick, this.deps.reconcileMs ?? 15_000);
      this.timer.unref();
    };
    tick();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const s of this.streams.values()) s.controller.abort();
    this.streams.clear();
  }

  /** what Status shows */
  view(): Watched[] {
    return [...this.streams.values()].map((s) => s.view).sort((a, b) => a.datacenter.localeCompare(b.datacenter));
  }

  /** Opens the streams that should run and closes the others; concurrent callers share one pass. */
  reconcile(): Promise<void> {
    this.reconciling ??= this.pass().finally(() => {
      this.reconciling = undefined;
    });
    return this.reconciling;
  }

  private async pass(): Promise<void> {
    let wanted: Set<string>;
    let enabled: boolean;
    try {
      enabled = await this.deps.enabled();
      wanted = enabled ? new Set(await this.deps.targets()) : new Set();
    } catch (err) {
      this.deps.log?.(`[bcm] channel watch: ${(err as Error).message}`);
      return;
    }
    if (enabled && this.deps.poll && Date.now() - this.lastPoll >= (this.deps.pollMs ?? 60_000)) {
      this.lastPoll = Date.now();
      await this.deps.poll().catch((err: unknown) => this.deps.log?.(`[bcm] channel check: ${(err as Error).message}`));
    }
    for (const [dc, s] of this.streams) {
      if (wanted.has(dc)) continue;
      s.controller.abort();
      this.streams.delete(dc);
    }
    for (const dc of wanted) {
      if (this.streams.has(dc)) continue;
      const entry = { controller: new AbortController(), view: { datacenter: dc, state: 'reconnecting' as Watched['state'], message: 'Subscribing to lnd’s channel backups…', since: new Date().toISOString() } };
      this.streams.set(dc, entry);
      void this.run(dc, entry);
    }
  }

  private async run(dc: string, entry: { controller: AbortController; view: Watched }): Promise<void> {
    const { signal } = entry.controller;
    const set = (state: Watched['state'], message: string): void => {
      entry.view = { datacenter: dc, state, message, since: new Date().toISOString() };
    };
    let attempt = 0;
    while (!signal.aborted) {
      try {
        await this.deps.subscribe(
          dc,
          () => {
            attempt = 0;
            set('watching', 'Subscribed to lnd’s channel backups.');
            this.deps.opened?.(dc);
          },
          () => this.deps.changed(dc),
          signal,
        );
        if (signal.aborted) break;
        set('reconnecting', 'lnd ended the stream (it restarted?); subscribing again.');
      } catch (err) {
        if (signal.aborted) break;
        set('reconnecting', `${(err as Error).message} Trying again.`);
      }
      await sleep(reconnectDelayMs(attempt++), signal);
    }
  }
}
