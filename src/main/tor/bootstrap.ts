import type { TorLogLine } from '../../shared/channels/tor';
import { parseTokens } from './control/protocol';

/**
 * Tor's bootstrap progress (STATUS_CLIENT BOOTSTRAP events and `GETINFO status/bootstrap-phase`)
 * and log lines, and what to tell the user when bootstrap fails. Pure.
 */

export interface BootstrapPhase {
  progress: number;
  tag: string;
  summary: string;
  /** on WARN phases: Tor's own words, the reason code and how often it happened */
  warning?: string;
  reason?: string;
  count?: number;
}

/** "NOTICE BOOTSTRAP PROGRESS=50 TAG=loading_descriptors SUMMARY=\"...\"" -> phase. */
export function parseBootstrap(text: string): BootstrapPhase | undefined {
  const t = parseTokens(text);
  if (t.positional[1] !== 'BOOTSTRAP') return undefined;
  const progress = Number(t.keywords['PROGRESS']);
  if (!Number.isFinite(progress)) return undefined;
  const phase: BootstrapPhase = {
    progress: Math.max(0, Math.min(100, progress)),
    tag: t.keywords['TAG'] ?? '',
    summary: t.keywords['SUMMARY'] ?? '',
  };
  if (t.keywords['WARNING'] !== undefined) phase.warning = t.keywords['WARNING'];
  if (t.keywords['REASON'] !== undefined) phase.reason = t.keywords['REASON'];
  if (t.keywords['COUNT'] !== undefined && Number.isFinite(Number(t.keywords['COUNT']))) phase.count = Number(t.keywords['COUNT']);
  return phase;
}

export type { TorLogLine };
export type LogSeverity = TorLogLine['severity'];

const SEVERITIES: readonly LogSeverity[] = ['debug', 'info', 'notice', 'warn', 'err'];

/** "May 04 10:00:01.123 [notice] Bootstrapped 5% ..." -> line; other text is kept as notice. */
export function parseLogLine(line: string, now: Date = new Date()): TorLogLine | undefined {
  const text = line.trimEnd();
  if (text === '') return undefined;
  const m = /^[A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2}\.\d{3} \[(\w+)\] (.*)$/.exec(text);
  const severity = m?.[1] as LogSeverity | undefined;
  if (m && severity && SEVERITIES.includes(severity)) return { at: now.toISOString(), severity, message: m[2] ?? '' };
  return { at: now.toISOString(), severity: 'notice', message: text };
}

/** Facts gathered while Tor tried to bootstrap, for the explanation of a failure. */
export interface BootstrapEvidence {
  last?: BootstrapPhase;
  /** the latest WARN phase (reason, warning) */
  lastWarning?: BootstrapPhase;
  /** seconds, from STATUS_GENERAL CLOCK_SKEW or a log line */
  clockSkewSeconds?: number;
  /** recent warn/err log lines */
  warnings: string[];
}

export interface BootstrapExplanation {
  kind: 'clock-skew' | 'no-network' | 'blocked' | 'directory' | 'circuits' | 'unknown';
  message: string;
  nextStep: string;
}

const NO_NETWORK_REASONS = new Set(['NOROUTE', 'RESOLVEFAILED', 'NOSUCHHOST']);

function formatSkew(seconds: number): string {
  const abs = Math.abs(seconds);
  const text = abs >= 7200 ? `${Math.round(abs / 3600)} hours` : abs >= 120 ? `${Math.round(abs / 60)} minutes` : `${abs} seconds`;
  return `${text} ${seconds < 0 ? 'behind' : 'ahead'}`;
}

/** "CLOCK_SKEW SKEW=-3600 SOURCE=..." (STATUS_GENERAL body) or a skew log line -> seconds. */
export function parseClockSkew(text: string): number | undefined {
  const ev = /CLOCK_SKEW\b.*\bSKEW=(-?\d+)/.exec(text);
  if (ev?.[1]) return Number(ev[1]);
  const log = /clock (?:is|seems to be) (?:skewed )?(?:by )?(\d+) (second|minute|hour|day)s? (behind|ahead)/i.exec(text);
  if (log?.[1] && log[2] && log[3]) {
    const unit = { second: 1, minute: 60, hour: 3600, day: 86400 }[log[2].toLowerCase()] ?? 1;
    return Number(log[1]) * unit * (log[3].toLowerCase() === 'behind' ? -1 : 1);
  }
  return undefined;
}

/** Tor's generic closing lines: true but useless to a reader ("Reading config failed--see warnings above."). */
const GENERIC = /see warnings above|^done\.?$/i;
/** Lines that say what is wrong with the configuration Tor was given. */
const CONFIG = /unknown option|failed to parse|invalid|unrecognized|not a valid|must be|malformed|couldn't parse/i;

/**
 * The one log line that tells why Tor would not start, and whether it is about its configuration:
 * the first configuration complaint, else the last error or warning that is not a generic one.
 */
export function tellingLine(lines: readonly TorLogLine[]): { message: string; config: boolean } | undefined {
  const problems = lines.filter((l) => (l.severity === 'err' || l.severity === 'warn') && !GENERIC.test(l.message.trim()));
  const config = problems.find((l) => CONFIG.test(l.message));
  if (config) return { message: config.message, config: true };
  const last = problems[problems.length - 1];
  return last ? { message: last.message, config: false } : undefined;
}

/** What went wrong when Tor did not reach 100% in time, in words a user can act on. */
export function explainBootstrapFailure(e: BootstrapEvidence, waitedSeconds: number): BootstrapExplanation {
  const progress = e.last?.progress ?? 0;
  const where = e.last ? `${progress}% (${e.last.summary || e.last.tag})` : 'the start';
  // "DONE" is Tor's reason code for a connection it closed: nothing a reader can act on
  const warning = e.lastWarning?.warning;
  const said = warning && !GENERIC.test(warning.trim()) ? ` Tor said: "${warning}".` : '';
  if (e.clockSkewSeconds !== undefined && Math.abs(e.clockSkewSeconds) >= 60) {
    return {
      kind: 'clock-skew',
      message: `Tor could not connect within ${waitedSeconds} s: this computer's clock is ${formatSkew(e.clockSkewSeconds)}, and Tor refuses directory information that seems to come from another time.`,
      nextStep: 'Set the date, time and time zone right (on Linux: `sudo timedatectl set-ntp true`), then start Tor again.',
    };
  }
  const reason = e.lastWarning?.reason;
  if (reason && NO_NETWORK_REASONS.has(reason) && progress < 20) {
    return {
      kind: 'no-network',
      message: `Tor could not connect within ${waitedSeconds} s: it found no route to the network (stopped at ${where}).${said}`,
      nextStep: 'Check that this computer is online (Wi-Fi or cable, and a working internet connection), then start Tor again.',
    };
  }
  if (progress < 20) {
    return {
      kind: 'blocked',
      message: `Tor could not reach any relay within ${waitedSeconds} s (stopped at ${where}).${said} The network may block Tor, or a firewall may block outgoing connections.`,
      nextStep: 'If you are online, this network probably blocks Tor: add bridges (obfs4 or snowflake lines from https://bridges.torproject.org) in the Tor settings, or try another network.',
    };
  }
  if (progress < 80) {
    return {
      kind: 'directory',
      message: `Tor reached a relay but could not download the network directory within ${waitedSeconds} s (stopped at ${where}).${said}`,
      nextStep: 'The connection may be very slow or filtered. Wait and start Tor again; if it keeps stopping here, add bridges in the Tor settings.',
    };
  }
  if (progress < 100) {
    return {
      kind: 'circuits',
      message: `Tor has the network directory but could not build a circuit within ${waitedSeconds} s (stopped at ${where}).${said}`,
      nextStep: 'Start Tor again; if this persists, check the clock and the network, or add bridges in the Tor settings.',
    };
  }
  return {
    kind: 'unknown',
    message: `Tor did not finish bootstrapping within ${waitedSeconds} s.${said}`,
    nextStep: 'Look at the recent Tor log lines on the Tor page, then start Tor again.',
  };
}
