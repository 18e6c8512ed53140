import type { PairingProgress, TorLogLine, TorStatus } from '../../shared/channels/tor';

/** Pure helpers of the Tor page and the pairing import. No React, no DOM. */

export interface StateLook {
  label: string;
  color: string;
  /** a sentence under the title */
  hint: string;
}

export function torStateLook(status: TorStatus): StateLook {
  switch (status.state) {
    case 'stopped':
      return { label: 'Stopped', color: 'gray', hint: 'BCM starts Tor when an onion endpoint or a published service needs it, or when you press Start.' };
    case 'starting':
      return { label: 'Starting', color: 'blue', hint: 'Starting the tor program…' };
    case 'bootstrapping':
      return { label: 'Connecting', color: 'blue', hint: 'Tor is joining the network. This usually takes a few seconds to a minute.' };
    case 'ready':
      return { label: 'Connected', color: 'teal', hint: 'Tor is connected. Onion endpoints and published services work.' };
    case 'failed':
      return { label: 'Failed', color: 'red', hint: 'Tor is not running. See why below.' };
    case 'restarting':
      return { label: 'Restarting', color: 'orange', hint: 'Tor stopped unexpectedly and is restarted with back-off.' };
  }
}

/** "45% · Loading relay descriptors" */
export function bootstrapLabel(status: TorStatus): string {
  const b = status.bootstrap;
  if (!b) return status.state === 'starting' ? 'Starting…' : '';
  return `${Math.round(b.progress)}% · ${b.summary || b.tag}`;
}

export function isBusy(status: TorStatus): boolean {
  return status.state === 'starting' || status.state === 'bootstrapping' || status.state === 'restarting';
}

/** Seconds until a scheduled restart (0 when due or not scheduled). */
export function secondsUntil(iso: string | undefined, now: number): number {
  if (!iso) return 0;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? Math.max(0, Math.ceil((t - now) / 1000)) : 0;
}

export function severityColor(severity: TorLogLine['severity']): string {
  return severity === 'err' ? 'red' : severity === 'warn' ? 'orange' : severity === 'notice' ? 'blue' : 'gray';
}

/** Appends log lines, keeping the last `limit`. */
export function appendLog(lines: TorLogLine[] | undefined, line: TorLogLine, limit = 300): TorLogLine[] {
  const next = [...(lines ?? []), line];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

export const pairingStepLabels: Record<PairingProgress['step'], string> = {
  check: 'Read the bundle',
  tor: "Start BCM's Tor",
  connect: 'Reach the server through its onion',
  trust: 'Get this computer trusted',
  save: 'Save the endpoint',
};

export type StepState = 'pending' | PairingProgress['state'];

/** Folds progress events into one state per step (later steps reset when an earlier one restarts). */
export function foldPairingSteps(events: PairingProgress[]): Record<PairingProgress['step'], { state: StepState; message?: string; progress?: number }> {
  const out: Record<string, { state: StepState; message?: string; progress?: number }> = {};
  for (const step of Object.keys(pairingStepLabels)) out[step] = { state: 'pending' };
  for (const e of events) {
    const entry: { state: StepState; message?: string; progress?: number } = { state: e.state };
    if (e.message !== undefined) entry.message = e.message;
    if (e.progress !== undefined) entry.progress = e.progress;
    out[e.step] = entry;
  }
  return out as Record<PairingProgress['step'], { state: StepState; message?: string; progress?: number }>;
}

/** "home" from a suggested name, made safe for an endpoint name and unique among `taken`. */
export function suggestEndpointName(suggested: string, taken: string[]): string {
  const base =
    suggested
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'home-server';
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i += 1) {
    const candidate = `${base}-${i}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

/** "abcd…wxyz.onion" for tight places. */
export function shortOnion(address: string): string {
  const id = address.replace(/\.onion(:\d+)?$/, '');
  return id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-6)}.onion` : address;
}

/** The title of Tor's error on the Tor page: the cause, as the error's reason says it. */
export function torProblemTitle(state: TorStatus['state'], reason: unknown): string {
  if (state === 'restarting') return 'Tor stopped';
  switch (reason) {
    case 'tor-missing':
      return 'Tor is not installed';
    case 'tor-config':
      return 'Tor refused its settings';
    case 'tor-start':
      return 'Tor could not start';
    case 'tor-exited':
    case 'tor-crashed':
      return 'Tor stopped while connecting';
    case 'tor-bootstrap-clock-skew':
      return "This computer's clock is wrong";
    case 'tor-bootstrap-no-network':
      return 'No network';
    case 'tor-bootstrap-blocked':
      return 'Tor seems blocked on this network';
    default:
      return 'Tor could not connect';
  }
}
