import { join } from 'node:path';

/**
 * The torrc BCM writes for its own Tor: an app-owned data directory, SOCKS on a loopback port
 * (extended SOCKS errors, so onion failures can be told apart), a control port on an automatic
 * loopback port written to a file, cookie authentication, and the owning process so Tor exits
 * with the app. Pure: options in, text out.
 */

export interface TorrcOptions {
  /** the app-owned folder: data/, the control-port file and the cookie live here */
  dir: string;
  socksPort: number;
  /** the app's pid (__OwningControllerProcess) */
  ownerPid: number;
  /** user lines: bridges, or a private test network's DirAuthority lines */
  extraLines?: string[];
}

export interface TorPaths {
  torrc: string;
  defaults: string;
  dataDir: string;
  controlPortFile: string;
  cookieFile: string;
}

export function torPaths(dir: string): TorPaths {
  return {
    torrc: join(dir, 'torrc'),
    defaults: join(dir, 'torrc-defaults'),
    dataDir: join(dir, 'data'),
    controlPortFile: join(dir, 'control-port'),
    cookieFile: join(dir, 'control_auth_cookie'),
  };
}

/** Options BCM sets itself; extra lines may not change them. */
const MANAGED = new Set(
  [
    'DataDirectory',
    'SocksPort',
    'ControlPort',
    'ControlPortWriteToFile',
    'ControlPortFileGroupReadable',
    'CookieAuthentication',
    'CookieAuthFile',
    'HashedControlPassword',
    '__OwningControllerProcess',
    'RunAsDaemon',
    'User',
    'PidFile',
    'Log',
    'ClientOnionAuthDir',
  ].map((k) => k.toLowerCase()),
);

/** A torrc value: quoted (with C escapes) when it holds spaces, quotes or backslashes. */
export function torrcValue(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new Error('a torrc value may not contain line breaks');
  if (/^[^\s"\\#]+$/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export type ExtraLinesCheck = { ok: true; lines: string[] } | { ok: false; line: number; reason: string };

/**
 * Validates extra torrc lines from a trusted source (BCM_TOR_EXTRA_TORRC, and the settings form's
 * lines after their allow-list): `Key value`, comments and blank lines; managed keys, their
 * abbreviations and hidden `_` options are refused.
 */
export function checkExtraLines(text: string | string[]): ExtraLinesCheck {
  const input = Array.isArray(text) ? text : text.split(/\r?\n/);
  const lines: string[] = [];
  for (const [i, raw] of input.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/[\0\r\n]/.test(line)) return { ok: false, line: i + 1, reason: 'control characters are not allowed' };
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(\s+.*)?$/.exec(line);
    if (!m?.[1]) return { ok: false, line: i + 1, reason: 'a torrc line is an option name followed by its value' };
    const key = m[1].toLowerCase();
    if (key.startsWith('_')) return { ok: false, line: i + 1, reason: `${m[1]}: options starting with "_" are Tor's hidden options and cannot be set` };
    // Tor reads a unique prefix of an option name as that option ("ControlPor"): a key that
    // abbreviates a managed option is that option
    const managed = [...MANAGED].find((k) => k === key || k.startsWith(key));
    if (managed !== undefined) {
      return { ok: false, line: i + 1, reason: `${m[1]} is${managed === key ? '' : ` (read by Tor as ${managed})`} set by BCM and cannot be changed here` };
    }
    lines.push(line);
  }
  return { ok: true, lines };
}

export function renderTorrc(opts: TorrcOptions): string {
  if (!Number.isInteger(opts.socksPort) || opts.socksPort < 1 || opts.socksPort > 65535) {
    throw new Error(`bad SOCKS port ${opts.socksPort}`);
  }
  if (!Number.isInteger(opts.ownerPid) || opts.ownerPid < 1) throw new Error(`bad owner pid ${opts.ownerPid}`);
  const extra = checkExtraLines(opts.extraLines ?? []);
  if (!extra.ok) throw new Error(`extra torrc line ${extra.line}: ${extra.reason}`);
  const p = torPaths(opts.dir);
  const lines = [
    '# Written by Bitcoin Cache Machine on every start of its Tor; edits here are overwritten.',
    `DataDirectory ${torrcValue(p.dataDir)}`,
    `SocksPort 127.0.0.1:${opts.socksPort} ExtendedErrors`,
    'ControlPort 127.0.0.1:auto',
    `ControlPortWriteToFile ${torrcValue(p.controlPortFile)}`,
    'CookieAuthentication 1',
    `CookieAuthFile ${torrcValue(p.cookieFile)}`,
    `__OwningControllerProcess ${opts.ownerPid}`,
    'Log notice stdout',
    'ClientOnly 1',
    'AvoidDiskWrites 1',
  ];
  if (extra.lines.length > 0) lines.push('# Extra lines from the Tor settings', ...extra.lines);
  return `${lines.join('\n')}\n`;
}

/** "PORT=127.0.0.1:41234" (ControlPortWriteToFile) -> host and port. */
export function parseControlPortFile(text: string): { host: string; port: number } | undefined {
  const m = /^PORT=(\d{1,3}(?:\.\d{1,3}){3}):(\d+)\s*$/m.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { host: m[1], port } : undefined;
}
