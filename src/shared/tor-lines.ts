// Which extra torrc lines the renderer may save (the Tor settings form). The renderer is less trusted
// than main, and a torrc line can do much: `ControlPor 9051` (Tor takes unique prefixes of option
// names) opens a second control port, `__`-options reach Tor's hidden settings, and
// `ClientTransportPlugin … exec <program>` runs a program. So the form accepts an allow-list only:
// bridges, and a pluggable transport from a fixed list of installed programs. Lines for a private
// test network come from BCM_TOR_EXTRA_TORRC (set by whoever starts BCM), never from the page.

export type TorLinesCheck = { ok: true; lines: string[] } | { ok: false; line: number; reason: string };

/** Pluggable-transport programs a bridge line may run (Debian's and Tor Browser's install paths). */
export const PLUGGABLE_TRANSPORT_PROGRAMS = [
  '/usr/bin/obfs4proxy',
  '/usr/bin/lyrebird',
  '/usr/bin/snowflake-client',
  '/usr/bin/webtunnel-client',
  '/usr/bin/meek-client',
  '/usr/bin/conjure-client',
] as const;

const ALLOWED = ['UseBridges', 'Bridge', 'ClientTransportPlugin'] as const;
/** a bridge or transport argument: no quotes, backslashes or shell characters */
const TOKEN = /^[A-Za-z0-9_.:[\]=,+/@%-]+$/;

function checkLine(key: string, args: string[]): string | null {
  const name = ALLOWED.find((a) => a.toLowerCase() === key.toLowerCase());
  if (key.startsWith('_')) return `${key}: options starting with "_" are Tor's hidden options and cannot be set here`;
  if (!name) {
    const abbreviates = ALLOWED.find((a) => a.toLowerCase().startsWith(key.toLowerCase()));
    if (abbreviates) return `write the full option name ${abbreviates} (Tor reads abbreviations, so they are not accepted here)`;
    return `${key} cannot be set here: only UseBridges, Bridge and ClientTransportPlugin lines (bridges for networks that block Tor) are allowed`;
  }
  const bad = args.find((a) => !TOKEN.test(a));
  if (bad !== undefined) return `"${bad}" has a character a ${name} line does not need (quotes, backslashes and shell characters are refused)`;
  if (name === 'UseBridges') return args.length === 1 && (args[0] === '0' || args[0] === '1') ? null : 'UseBridges takes 0 or 1';
  if (name === 'Bridge') return args.length >= 1 ? null : 'a Bridge line needs at least an address (e.g. Bridge obfs4 192.0.2.1:443 FINGERPRINT cert=… iat-mode=0)';
  // ClientTransportPlugin <transports> exec <program> [args] | <transports> socks4|socks5 <host:port>
  const [transports, mode, target] = args;
  if (!transports || !/^[a-z0-9_]+(,[a-z0-9_]+)*$/i.test(transports)) return 'ClientTransportPlugin starts with the transport names, e.g. obfs4 or obfs4,meek_lite';
  if (mode === 'exec') {
    if (!(PLUGGABLE_TRANSPORT_PROGRAMS as readonly string[]).includes(target ?? '')) {
      return `ClientTransportPlugin may only run one of ${PLUGGABLE_TRANSPORT_PROGRAMS.join(', ')} (install it with apt, e.g. apt install obfs4proxy)`;
    }
    return null;
  }
  if ((mode === 'socks4' || mode === 'socks5') && args.length === 3 && /^127\.0\.0\.1:\d{1,5}$/.test(target ?? '')) return null;
  return 'ClientTransportPlugin is "<transports> exec <program> [arguments]" or "<transports> socks5 127.0.0.1:<port>"';
}

/** Checks the lines of the Tor settings form: comments and blank lines are dropped, the rest allow-listed. */
export function checkUserTorrcLines(text: string): TorLinesCheck {
  const lines: string[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/[\0\r\n\\"]/.test(line)) return { ok: false, line: i + 1, reason: 'quotes, backslashes and control characters are not allowed' };
    const [key = '', ...args] = line.split(/\s+/);
    const reason = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? checkLine(key, args) : 'a torrc line is an option name followed by its value';
    if (reason !== null) return { ok: false, line: i + 1, reason };
    lines.push(line);
  }
  return { ok: true, lines };
}
