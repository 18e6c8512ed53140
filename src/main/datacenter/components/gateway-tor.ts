/**
 * What the gateway's Tor is doing, read from its journal (issue 15, item 7): how far it has
 * bootstrapped into the Tor network and whether it has uploaded an onion-service descriptor since
 * it last started or reloaded. The gateway's torrc logs notices and the `rend` domain at info to
 * syslog (journald keeps and rotates it); nothing new listens and no control connection is needed.
 * Pure: the effect is one read-only exec of TOR_JOURNAL_COMMAND.
 */

export const TOR_JOURNAL_COMMAND = ['journalctl', '-t', 'Tor', '-o', 'cat', '--no-pager', '-n', '4000'];

export interface GatewayTorState {
  /** the journal shows Tor starting */
  started: boolean;
  /** the last "Bootstrapped N% (tag): summary" since Tor started */
  bootstrap?: { percent: number; summary: string };
  /** a descriptor was stored by a directory since Tor last started or reloaded (its config: clients) */
  uploaded: boolean;
  /** Tor's own words when it is stuck ("Problem bootstrapping …"), since it started */
  problem?: string;
}

const START = /^Tor \d+\.\d+\.\d+\S* running on /;
const RELOAD = /^Received reload signal \(hup\)/;
const BOOTSTRAPPED = /Bootstrapped (\d{1,3})% \([^)]*\): (.*)$/;
const UPLOADED = /Uploaded hidden service descriptor \(status 200\b/;
const PROBLEM = /Problem bootstrapping\. (.*)$/;

export function parseTorJournal(text: string): GatewayTorState {
  let state: GatewayTorState = { started: false, uploaded: false };
  for (const line of text.split('\n')) {
    if (START.test(line)) {
      state = { started: true, uploaded: false };
      continue;
    }
    if (RELOAD.test(line)) {
      state = { ...state, uploaded: false };
      continue;
    }
    const b = BOOTSTRAPPED.exec(line);
    if (b?.[1] !== undefined) {
      const percent = Number(b[1]);
      const { problem: _solved, ...rest } = state;
      state = { ...(percent === 100 ? rest : state), bootstrap: { percent, summary: (b[2] ?? '').trim() } };
      continue;
    }
    if (UPLOADED.test(line)) {
      state = { ...state, uploaded: true };
      continue;
    }
    const p = PROBLEM.exec(line);
    if (p?.[1] !== undefined) state = { ...state, problem: p[1].trim() };
  }
  return state;
}

/** Why the gateway's Tor is not connected yet, in words; undefined when it is (or nothing is known). */
export function torNotConnected(state: GatewayTorState): string | undefined {
  if (!state.started) return undefined; // journal rotated or not readable: say nothing rather than guess
  const b = state.bootstrap;
  if (b?.percent === 100) return undefined;
  // "Stuck at 14% (handshake): Handshaking with a relay. (No route to host; NOROUTE; count 10; …)" → "No route to host"
  const reason = state.problem ? /\(([^;()]+)[;)]/.exec(state.problem.replace(/^[^:]*:[^(]*/, ''))?.[1]?.trim() : undefined;
  const where = b ? `${b.percent}% (${b.summary.replace(/\.$/, '')}${reason ? ` — ${reason}` : ''})` : 'not started connecting';
  return `Tor is not connected to the Tor network yet: ${where}. The proxy works; onion services and peers over Tor wait for it: check the gateway's route out.`;
}
