/**
 * torrc text for the nodes of a private Tor network on 127.0.0.1 (TestingTorNetwork, the way
 * Tor's chutney does it): directory authorities that are also relays, plain relays, one node
 * that hosts onion services (driven over its control port, as BCM's gateway will be), and
 * what a client adds to its torrc to join. Pure.
 */

export interface AuthorityInfo {
  nick: string;
  orPort: number;
  dirPort: number;
  /** the v3 identity (authority certificate "fingerprint" line) */
  v3ident: string;
  /** the relay identity fingerprint (40 hex, no spaces) */
  fingerprint: string;
}

export type NodeRole = 'authority' | 'relay' | 'onion';

export interface NodeConfig {
  nick: string;
  role: NodeRole;
  dataDir: string;
  orPort?: number;
  dirPort?: number;
  /** onion node: its control port */
  controlPort?: number;
  /** the pid that owns the node: it exits when that process dies */
  ownerPid?: number;
}

/** Voting every 10 s (5 s before the first consensus): the fastest chutney's notes allow. */
export const VOTING = {
  V3AuthVotingInterval: 10,
  V3AuthVoteDelay: 2,
  V3AuthDistDelay: 2,
  TestingV3AuthInitialVotingInterval: 5,
  TestingV3AuthInitialVoteDelay: 2,
  TestingV3AuthInitialDistDelay: 2,
} as const;

export function dirAuthorityLine(a: AuthorityInfo): string {
  return `DirAuthority ${a.nick} orport=${a.orPort} no-v2 v3ident=${a.v3ident} 127.0.0.1:${a.dirPort} ${a.fingerprint}`;
}

/** What every node and every client of the network carries. */
export function networkLines(authorities: AuthorityInfo[]): string[] {
  return [
    'TestingTorNetwork 1',
    'PathsNeededToBuildCircuits 0.25',
    'TestingDirAuthVoteExit *',
    'TestingDirAuthVoteHSDir *',
    'TestingDirAuthVoteGuard *',
    'TestingMinExitFlagThreshold 0',
    'V3AuthNIntervalsValid 2',
    ...authorities.map(dirAuthorityLine),
  ];
}

/** The lines a client (BCM's own Tor) adds to its torrc to use this network. */
export function clientLines(authorities: AuthorityInfo[]): string[] {
  return networkLines(authorities);
}

export function nodeTorrc(node: NodeConfig, authorities: AuthorityInfo[]): string {
  const lines = [
    `# ${node.role} ${node.nick} of BCM's private test network`,
    ...networkLines(authorities),
    `DataDirectory ${node.dataDir}`,
    `Nickname ${node.nick}`,
    'Address 127.0.0.1',
    'AssumeReachable 1',
    'ShutdownWaitLength 0',
    'SafeLogging 0',
    'ProtocolWarnings 1',
    `Log notice file ${node.dataDir}/notice.log`,
    'SocksPort 0',
    'Sandbox 0',
  ];
  if (node.ownerPid !== undefined) lines.push(`__OwningControllerProcess ${node.ownerPid}`);
  if (node.role === 'authority' || node.role === 'relay') {
    if (node.orPort === undefined || node.dirPort === undefined) throw new Error(`${node.nick}: a relay needs an ORPort and a DirPort`);
    lines.push(
      `ORPort 127.0.0.1:${node.orPort}`,
      `DirPort 127.0.0.1:${node.dirPort}`,
      'ExitRelay 1',
      'ExitPolicyRejectPrivate 0',
      'ExitPolicy accept *:*',
      'ContactInfo bcm-testnet@localhost',
    );
  }
  if (node.role === 'authority') {
    lines.push('AuthoritativeDirectory 1', 'V3AuthoritativeDirectory 1', ...Object.entries(VOTING).map(([k, v]) => `${k} ${v}`));
  }
  if (node.role === 'onion') {
    if (node.controlPort === undefined) throw new Error(`${node.nick}: the onion node needs a control port`);
    lines.push(`ControlPort 127.0.0.1:${node.controlPort}`, 'CookieAuthentication 1', `CookieAuthFile ${node.dataDir}/control_auth_cookie`);
  }
  return `${lines.join('\n')}\n`;
}

/** "nick F62E F748 ..." (last line of `tor --list-fingerprint`) -> 40 hex digits. */
export function parseListFingerprint(output: string, nick: string): string | undefined {
  const line = output
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(`${nick} `));
  const fp = line?.slice(nick.length + 1).replace(/\s+/g, '');
  return fp && /^[0-9A-F]{40}$/.test(fp) ? fp : undefined;
}

/** The "fingerprint" line of an authority certificate (its v3 identity). */
export function parseCertificateIdentity(cert: string): string | undefined {
  return /^fingerprint ([0-9A-F]{40})$/m.exec(cert)?.[1];
}

/** The "dir-key-expires" date of an authority certificate. */
export function parseCertificateExpiry(cert: string): Date | undefined {
  const m = /^dir-key-expires (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/m.exec(cert);
  return m ? new Date(`${m[1]}T${m[2]}Z`) : undefined;
}
