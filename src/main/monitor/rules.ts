import type { Alert, MonitorSettings } from '../../shared/channels/alerts';
import type { DatacenterStatus } from '../../shared/datacenter/plan';
import type { Chain } from '../../shared/datacenter/spec';
import { channelAlerts, type ChannelEvent } from './channels';

/**
 * The monitor's rules (issue 13), pure: what is observed → the alerts that hold now. The service
 * (./service.ts) gathers the observations and reconciles the result with what was raised before.
 */

export interface DiskSample {
  at: string;
  usedBytes: number;
  totalBytes: number;
}

export interface DatacenterObservation {
  datacenter: string;
  endpoint: string;
  chain: Chain;
  status: DatacenterStatus;
  /** the endpoint's storage pool over time, oldest first */
  disk: DiskSample[];
  /** the node as its RPC says, when it could be read; `lastNewBlockAt`: when the monitor last saw the height grow */
  node?: { height: number; lastNewBlockAt: string; peers: number };
}

export interface MonitorInput {
  now: Date;
  datacenters: DatacenterObservation[];
  /** the last backup of ~/.bcm, or null when there was none */
  lastBackupAt: string | null;
  /** Lightning channels seen closing or closed (./channels.ts), kept for a day */
  channelEvents?: readonly ChannelEvent[];
}

export type AlertDraft = Omit<Alert, 'raisedAt' | 'clearedAt'>;

const DAY_MS = 86_400_000;
/** fewer than this many minutes of samples say nothing about growth */
const MIN_SPAN_MS = 10 * 60_000;

/** Days until the pool is full at the growth seen over the samples (least squares); undefined when not growing. */
export function daysUntilFull(samples: readonly DiskSample[]): number | undefined {
  if (samples.length < 3) return undefined;
  const t0 = Date.parse(samples[0]!.at);
  const last = samples[samples.length - 1]!;
  if (Date.parse(last.at) - t0 < MIN_SPAN_MS) return undefined;
  const xs = samples.map((s) => (Date.parse(s.at) - t0) / DAY_MS);
  const ys = samples.map((s) => s.usedBytes);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * ((ys[i] ?? 0) - my), 0);
  const perDay = sxx === 0 ? 0 : sxy / sxx;
  if (perDay <= 0) return undefined;
  return Math.max(0, (last.totalBytes - last.usedBytes) / perDay);
}

const down = new Set(['unhealthy', 'stopped', 'missing']);

function datacenterAlerts(o: DatacenterObservation, settings: MonitorSettings, now: Date): AlertDraft[] {
  const dc = o.datacenter;
  const out: AlertDraft[] = [];
  if (o.status.error) {
    out.push({
      id: `endpoint-unreachable:${dc}:${o.endpoint}`,
      kind: 'endpoint-unreachable',
      datacenter: dc,
      subject: o.endpoint,
      severity: 'critical',
      title: `${dc}: its LXD server “${o.endpoint}” does not answer`,
      message: `${o.status.error.message} Check that the server is on and reachable (its network, or BCM's Tor for an onion endpoint).`,
    });
    return out; // nothing else can be known
  }
  if (!o.status.deployed) return out;
  for (const c of o.status.components) {
    if (!down.has(c.health)) continue;
    const why = c.containers.find((x) => x.message)?.message ?? c.containers.map((x) => `${x.name}: ${x.status}`).join(', ');
    out.push({
      id: `service-down:${dc}:${c.kind}`,
      kind: 'service-down',
      datacenter: dc,
      subject: c.kind,
      severity: 'critical',
      title: `${dc}: ${c.title} is ${c.health === 'missing' ? 'missing' : c.health === 'stopped' ? 'stopped' : 'down'}`,
      message: `${why || c.health}. Open the datacenter to see its logs; re-apply it to start what is stopped.`,
    });
  }
  const days = daysUntilFull(o.disk);
  if (days !== undefined && days < settings.diskWarnDays) {
    const last = o.disk[o.disk.length - 1]!;
    const pct = Math.round((last.usedBytes / last.totalBytes) * 100);
    out.push({
      id: `disk-filling:${dc}:${o.endpoint}`,
      kind: 'disk-filling',
      datacenter: dc,
      subject: o.endpoint,
      severity: days < 2 ? 'critical' : 'warning',
      title: `${dc}: the disk of “${o.endpoint}” is full in about ${days < 1 ? 'less than a day' : `${Math.round(days)} days`}`,
      message: `The storage pool is ${pct}% used and growing. Free space on the server, prune the node, or move the datacenter to a bigger disk before services stop.`,
    });
  }
  if (o.node && o.chain !== 'regtest') {
    const ageMin = (now.getTime() - Date.parse(o.node.lastNewBlockAt)) / 60_000;
    if (ageMin > settings.stalledMinutes) {
      out.push({
        id: `node-stalled:${dc}:node`,
        kind: 'node-stalled',
        datacenter: dc,
        subject: 'node',
        severity: 'warning',
        title: `${dc}: no new block for ${Math.round(ageMin)} minutes`,
        message: `The node is at height ${o.node.height}; blocks come every 10 minutes on average. Check its peers and its logs.`,
      });
    }
    if (o.node.peers === 0) {
      out.push({
        id: `no-peers:${dc}:node`,
        kind: 'no-peers',
        datacenter: dc,
        subject: 'node',
        severity: 'warning',
        title: `${dc}: the node has no peers`,
        message: 'It cannot learn new blocks. Check the gateway (its Tor and proxy) on the datacenter page.',
      });
    }
  }
  return out;
}

export function evaluate(input: MonitorInput, settings: MonitorSettings): AlertDraft[] {
  const out = [...input.datacenters.flatMap((o) => datacenterAlerts(o, settings, input.now)), ...channelAlerts(input.channelEvents ?? [])];
  const deployed = input.datacenters.some((o) => o.status.deployed);
  if (deployed && settings.backupMaxAgeDays > 0) {
    const age = input.lastBackupAt ? (input.now.getTime() - Date.parse(input.lastBackupAt)) / DAY_MS : Infinity;
    if (age > settings.backupMaxAgeDays) {
      out.push({
        id: 'backup-stale::backup',
        kind: 'backup-stale',
        datacenter: '',
        subject: 'backup',
        severity: 'warning',
        title: input.lastBackupAt ? `The last backup is ${Math.floor(age)} days old` : 'Nothing has been backed up yet',
        message: 'A backup keeps ~/.bcm and the Lightning channel backups. Make one on the Backup page, or turn on daily backups.',
      });
    }
  }
  return out;
}

export interface Reconciled {
  active: Alert[];
  history: Alert[];
  raised: Alert[];
  cleared: Alert[];
}

const HISTORY = 200;

/** What was active and what holds now → the new active list (kept raisedAt), what was raised and cleared. */
export function reconcile(active: readonly Alert[], history: readonly Alert[], drafts: readonly AlertDraft[], now: Date): Reconciled {
  const at = now.toISOString();
  const before = new Map(active.map((a) => [a.id, a]));
  const next: Alert[] = [];
  const raised: Alert[] = [];
  for (const d of drafts) {
    const had = before.get(d.id);
    if (had) next.push({ ...d, raisedAt: had.raisedAt });
    else {
      const a = { ...d, raisedAt: at };
      next.push(a);
      raised.push(a);
    }
  }
  const holding = new Set(drafts.map((d) => d.id));
  const cleared = active.filter((a) => !holding.has(a.id)).map((a) => ({ ...a, clearedAt: at }));
  return { active: next, history: [...cleared, ...history].slice(0, HISTORY), raised, cleared };
}
