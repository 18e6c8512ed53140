import { z } from 'zod';
import { alertSchema, monitorSettingsSchema, type Alert, type AlertsState, type MonitorSettings } from '../../shared/channels/alerts';
import type { DatacenterStatus } from '../../shared/datacenter/plan';
import type { DatacenterSpec } from '../../shared/datacenter/spec';
import { channelEntrySchema, channelEventSchema, diffChannels, mergeChannelEvents, type ChannelEntry } from './channels';
import { evaluate, reconcile, type DatacenterObservation, type DiskSample } from './rules';
import { withDeadline } from '../deadline';

/**
 * The monitor (issue 13): in main, for as long as the app runs, every `intervalS` it reads every
 * datacenter's status (the same one its page shows), its endpoint's storage pool and its node, then
 * raises and clears alerts (./rules.ts). Listeners hear each change (the renderer's alert list,
 * native notifications under Electron). State and history persist in ~/.bcm/state/alerts.json.
 */
export interface MonitorDeps {
  datacenters: { list(): Promise<DatacenterSpec[]>; status(name: string): Promise<DatacenterStatus> };
  /** the endpoint's storage pool now, or undefined when it cannot be read */
  pool(endpoint: string): Promise<{ usedBytes: number; totalBytes: number } | undefined>;
  /** the node's height and peer count, or undefined when it cannot be read (not deployed, down) */
  node(datacenter: string): Promise<{ height: number; peers: number } | undefined>;
  lastBackupAt(): Promise<string | null>;
  /** lnd's channels in every state (open, pending, closed), or undefined when they cannot be read */
  channels?(datacenter: string): Promise<ChannelEntry[] | undefined>;
  /** reads lnd, which unlocks it when its owner opted into auto-unlock (lnd restarted: a boot, an upgrade) */
  keepUnlocked?(datacenter: string): Promise<void>;
  /** the persisted state (~/.bcm/state/alerts.json) */
  load(): Promise<unknown>;
  save(state: PersistedAlerts): Promise<void>;
  now?: () => Date;
}

const persistedSchema = z.object({
  schemaVersion: z.literal(1),
  active: z.array(alertSchema),
  history: z.array(alertSchema),
  checkedAt: z.string().optional(),
  settings: monitorSettingsSchema,
  /** each datacenter's lnd channels at the last look (what the next one is compared with) */
  channels: z.record(z.string(), z.array(channelEntrySchema)).optional(),
  /** channels seen closing or closed, kept for a day (their alerts) */
  channelEvents: z.array(channelEventSchema).optional(),
});
export type PersistedAlerts = z.infer<typeof persistedSchema>;

/** a datacenter's status gets this long per round (each probe in it is bounded too) */
const STATUS_DEADLINE_MS = 60_000;
/** the node's RPC gets this long per round; a slower answer is no answer this time */
const NODE_DEADLINE_MS = 15_000;

const orUndefinedAfter = <T>(promise: Promise<T>, ms: number): Promise<T | undefined> => withDeadline(promise, ms, () => undefined);

/** a day of samples at the default interval is plenty for a growth rate */
const DISK_SAMPLES = 24 * 60;

export class MonitorService {
  private state: PersistedAlerts = { schemaVersion: 1, active: [], history: [], settings: monitorSettingsSchema.parse({}) };
  private readonly disk = new Map<string, DiskSample[]>();
  private readonly heights = new Map<string, { height: number; at: string }>();
  private readonly listeners = new Set<(state: AlertsState, raised: Alert[]) => void>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<AlertsState> | undefined;
  private loaded = false;
  /** the channel snapshot changed in a way worth saving */
  private channelsDirty = false;

  constructor(private readonly deps: MonitorDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private async ensureLoaded(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    const parsed = persistedSchema.safeParse(await this.deps.load().catch(() => undefined));
    if (parsed.success) this.state = parsed.data; // a damaged file starts afresh: alerts are re-derived on the next check
  }

  private view(): AlertsState {
    const { active, history, checkedAt, settings } = this.state;
    return { active, history, settings, ...(checkedAt ? { checkedAt } : {}) };
  }

  async list(): Promise<AlertsState> {
    await this.ensureLoaded();
    return this.view();
  }

  onChanged(listener: (state: AlertsState, raised: Alert[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(raised: Alert[]): void {
    const view = this.view();
    for (const l of this.listeners) l(view, raised);
  }

  /** Starts checking every `intervalS` (first check at once). */
  async start(): Promise<void> {
    await this.ensureLoaded();
    this.stop();
    if (!this.state.settings.enabled) return;
    const tick = (): void => {
      void this.check().catch(() => undefined); // a failed round is retried at the next tick; each datacenter's failure is an alert
      this.timer = setTimeout(tick, this.state.settings.intervalS * 1000);
      this.timer.unref();
    };
    tick();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  async setSettings(settings: MonitorSettings): Promise<AlertsState> {
    await this.ensureLoaded();
    this.state = { ...this.state, settings };
    await this.deps.save(this.state);
    this.emit([]);
    if (this.timer || settings.enabled) await this.start();
    return this.view();
  }

  /** One round over every datacenter; rounds never overlap (a second caller gets the running one). */
  check(): Promise<AlertsState> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async observe(spec: DatacenterSpec, at: string): Promise<DatacenterObservation> {
    const status = (await orUndefinedAfter(this.deps.datacenters.status(spec.name), STATUS_DEADLINE_MS)) ?? {
      name: spec.name,
      endpoint: spec.endpoint,
      project: `bcm-${spec.name}`,
      deployed: false,
      checkedAt: at,
      components: [],
      error: { code: 'TIMEOUT' as const, message: `Its status did not come within ${STATUS_DEADLINE_MS / 1000} s.` },
    };
    const observation: DatacenterObservation = { datacenter: spec.name, endpoint: spec.endpoint, chain: spec.chain, status, disk: this.disk.get(spec.endpoint) ?? [] };
    if (!status.deployed || status.error) return observation;
    // lnd not answering: a locked wallet is unlocked here when its owner asked BCM to keep it so
    if (this.deps.keepUnlocked && status.components.some((c) => c.kind === 'lnd' && c.health === 'starting')) {
      await orUndefinedAfter(this.deps.keepUnlocked(spec.name), NODE_DEADLINE_MS).catch(() => undefined);
    }
    // a node the status already calls down is not asked (its RPC would only time out)
    const nodeUp = status.components.some((c) => (c.kind === 'bitcoind' || c.kind === 'btcd') && c.health === 'healthy');
    const node = nodeUp ? await orUndefinedAfter(this.deps.node(spec.name), NODE_DEADLINE_MS).catch(() => undefined) : undefined;
    await this.observeChannels(spec.name, status, at);
    if (node) {
      const seen = this.heights.get(spec.name);
      const grew = !seen || node.height > seen.height;
      if (grew) this.heights.set(spec.name, { height: node.height, at });
      observation.node = { height: node.height, peers: node.peers, lastNewBlockAt: grew ? at : (seen?.at ?? at) };
    }
    return observation;
  }

  /** lnd answering: its channels now against the last look; what closed becomes an event */
  private async observeChannels(datacenter: string, status: DatacenterStatus, at: string): Promise<void> {
    if (!this.deps.channels || !status.components.some((c) => c.kind === 'lnd' && c.health === 'healthy')) return;
    const now = await orUndefinedAfter(this.deps.channels(datacenter), NODE_DEADLINE_MS).catch(() => undefined);
    if (!now) return; // not read this time: compared at the next look, nothing is missed
    const before = this.state.channels?.[datacenter];
    const events = diffChannels(datacenter, before, now, at);
    this.state = {
      ...this.state,
      channels: { ...this.state.channels, [datacenter]: now },
      channelEvents: mergeChannelEvents(this.state.channelEvents ?? [], events, new Date(at)),
    };
    if (before === undefined || events.length > 0) this.channelsDirty = true;
  }

  private async sampleDisk(endpoints: string[], at: string): Promise<void> {
    for (const endpoint of endpoints) {
      const pool = await this.deps.pool(endpoint).catch(() => undefined);
      if (!pool) continue;
      const list = [...(this.disk.get(endpoint) ?? []), { at, ...pool }];
      this.disk.set(endpoint, list.slice(-DISK_SAMPLES));
    }
  }

  private async round(): Promise<AlertsState> {
    await this.ensureLoaded();
    const now = this.now();
    const at = now.toISOString();
    const specs = await this.deps.datacenters.list();
    await this.sampleDisk([...new Set(specs.map((s) => s.endpoint))], at);
    const datacenters = await Promise.all(specs.map((s) => this.observe(s, at)));
    const channelEvents = mergeChannelEvents(this.state.channelEvents ?? [], [], now); // a day later, a close clears
    const drafts = evaluate({ now, datacenters, lastBackupAt: await this.deps.lastBackupAt(), channelEvents }, this.state.settings);
    const next = reconcile(this.state.active, this.state.history, drafts, now);
    const changed = this.channelsDirty || next.raised.length > 0 || next.cleared.length > 0 || JSON.stringify(next.active) !== JSON.stringify(this.state.active);
    this.channelsDirty = false;
    this.state = { ...this.state, active: next.active, history: next.history, checkedAt: at, channelEvents };
    if (changed) await this.deps.save(this.state);
    this.emit(next.raised);
    return this.view();
  }
}
