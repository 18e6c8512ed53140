import { ControlProtocolError, type ControlReply } from './reply';

/**
 * Pure helpers of the control protocol: quoting arguments, splitting `KEY=VALUE` tokens (values
 * may be QuotedStrings with C escapes), and parsing the replies BCM uses.
 */

/** A QuotedString for a command argument; CR/LF are refused (they would end the command). */
export function quoteString(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new ControlProtocolError('a control-port argument may not contain line breaks');
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Checks a bare token (key, flag, address) so no argument can smuggle a second command. */
export function token(value: string, what = 'argument'): string {
  if (!/^[\x21-\x7e]+$/.test(value) || value.includes('"')) {
    // keys are never echoed into an error message
    const shown = /key/i.test(what) ? '' : `: ${JSON.stringify(value.slice(0, 80))}`;
    throw new ControlProtocolError(`invalid ${what} for the control port${shown}`);
  }
  return value;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', "'": "'" };

/** Reads a QuotedString starting at `text[start] === '"'`; returns the value and the index after it. */
export function readQuoted(text: string, start: number): { value: string; end: number } {
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') return { value: out, end: i + 1 };
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) break;
      const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
      if (octal) {
        out += String.fromCharCode(parseInt(octal[0], 8));
        i += 1 + octal[0].length;
        continue;
      }
      out += ESCAPES[next] ?? next;
      i += 2;
      continue;
    }
    out += c;
    i += 1;
  }
  throw new ControlProtocolError(`unterminated quoted string: ${JSON.stringify(text.slice(start, start + 80))}`);
}

export interface Tokens {
  /** tokens without `=`, in order */
  positional: string[];
  /** KEY=VALUE tokens (last one wins) */
  keywords: Record<string, string>;
}

/** Splits `A B KEY=VALUE KEY2="quoted value"` into positional and keyword tokens. */
export function parseTokens(text: string): Tokens {
  const positional: string[] = [];
  const keywords: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i += 1;
      continue;
    }
    if (text[i] === '"') {
      const q = readQuoted(text, i);
      positional.push(q.value);
      i = q.end;
      continue;
    }
    let j = i;
    while (j < text.length && text[j] !== ' ' && text[j] !== '=') j += 1;
    const word = text.slice(i, j);
    if (text[j] === '=' && /^[A-Za-z0-9_]+$/.test(word)) {
      if (text[j + 1] === '"') {
        const q = readQuoted(text, j + 1);
        keywords[word] = q.value;
        i = q.end;
      } else {
        let k = j + 1;
        while (k < text.length && text[k] !== ' ') k += 1;
        keywords[word] = text.slice(j + 1, k);
        i = k;
      }
    } else {
      let k = j;
      while (k < text.length && text[k] !== ' ') k += 1;
      positional.push(text.slice(i, k));
      i = k;
    }
  }
  return { positional, keywords };
}

/** GETINFO: every `key=value` line (and `key=` + data block) of the reply. */
export function parseGetInfo(reply: ControlReply): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of reply.lines) {
    if (line.text === 'OK' && line.data === undefined) continue;
    const eq = line.text.indexOf('=');
    if (eq < 0) throw new ControlProtocolError(`GETINFO line without "=": ${JSON.stringify(line.text.slice(0, 80))}`);
    const key = line.text.slice(0, eq);
    const rest = line.text.slice(eq + 1);
    out[key] = line.data ?? (rest.startsWith('"') ? readQuoted(rest, 0).value : rest);
  }
  return out;
}

export type AuthMethod = 'NULL' | 'HASHEDPASSWORD' | 'COOKIE' | 'SAFECOOKIE';

export interface ProtocolInfo {
  methods: AuthMethod[];
  cookieFile?: string;
  torVersion?: string;
}

export function parseProtocolInfo(reply: ControlReply): ProtocolInfo {
  const info: ProtocolInfo = { methods: [] };
  for (const line of reply.lines) {
    if (line.text.startsWith('AUTH ')) {
      const t = parseTokens(line.text.slice(5));
      info.methods = (t.keywords['METHODS'] ?? '')
        .split(',')
        .filter((m): m is AuthMethod => ['NULL', 'HASHEDPASSWORD', 'COOKIE', 'SAFECOOKIE'].includes(m));
      const cookie = t.keywords['COOKIEFILE'];
      if (cookie !== undefined) info.cookieFile = cookie;
    } else if (line.text.startsWith('VERSION ')) {
      const v = parseTokens(line.text.slice(8)).keywords['Tor'];
      if (v !== undefined) info.torVersion = v;
    }
  }
  return info;
}

export interface AuthChallenge {
  serverHash: string;
  serverNonce: string;
}

export function parseAuthChallenge(reply: ControlReply): AuthChallenge {
  const text = reply.lines[0]?.text ?? '';
  if (!text.startsWith('AUTHCHALLENGE ')) throw new ControlProtocolError(`unexpected AUTHCHALLENGE reply: ${text.slice(0, 80)}`);
  const t = parseTokens(text.slice('AUTHCHALLENGE '.length));
  const serverHash = t.keywords['SERVERHASH'];
  const serverNonce = t.keywords['SERVERNONCE'];
  if (!serverHash || !/^[0-9A-Fa-f]{64}$/.test(serverHash) || !serverNonce || !/^[0-9A-Fa-f]{64}$/.test(serverNonce)) {
    throw new ControlProtocolError('AUTHCHALLENGE reply without a valid SERVERHASH/SERVERNONCE');
  }
  return { serverHash, serverNonce };
}

export interface AddOnionResult {
  /** the 56-character address without ".onion" */
  serviceId: string;
  /** "ED25519-V3:<base64>", only when the key was generated (NEW:...) */
  privateKey?: string;
}

export function parseAddOnion(reply: ControlReply): AddOnionResult {
  let serviceId: string | undefined;
  let privateKey: string | undefined;
  for (const line of reply.lines) {
    const t = parseTokens(line.text).keywords;
    if (t['ServiceID'] !== undefined) serviceId = t['ServiceID'];
    if (t['PrivateKey'] !== undefined) privateKey = t['PrivateKey'];
  }
  if (!serviceId || !/^[a-z2-7]{56}$/.test(serviceId)) throw new ControlProtocolError('ADD_ONION reply without a v3 ServiceID');
  return privateKey === undefined ? { serviceId } : { serviceId, privateKey };
}

export interface ClientAuthEntry {
  /** onion address without ".onion" */
  address: string;
  /** "x25519:<base64 private key>" as Tor prints it */
  key: string;
  clientName?: string;
  flags: string[];
}

/** ONION_CLIENT_AUTH_VIEW: one `CLIENT <addr> x25519:<key> [ClientName=..] [Flags=..]` per line. */
export function parseClientAuthView(reply: ControlReply): ClientAuthEntry[] {
  const out: ClientAuthEntry[] = [];
  for (const line of reply.lines) {
    if (!line.text.startsWith('CLIENT ')) continue;
    const t = parseTokens(line.text.slice(7));
    const [address, key] = t.positional;
    if (!address || !key) throw new ControlProtocolError(`malformed CLIENT line: ${line.text.slice(0, 80)}`);
    const entry: ClientAuthEntry = { address, key, flags: (t.keywords['Flags'] ?? '').split(',').filter(Boolean) };
    if (t.keywords['ClientName'] !== undefined) entry.clientName = t.keywords['ClientName'];
    out.push(entry);
  }
  return out;
}

export interface ControlEvent {
  /** e.g. STATUS_CLIENT, NOTICE, HS_DESC */
  type: string;
  /** the text after the event type on the first line */
  body: string;
  /** extra lines (multi-line events) and data blocks */
  more: string[];
}

export function parseEvent(reply: ControlReply): ControlEvent {
  const [first, ...rest] = reply.lines;
  const text = first?.data !== undefined ? `${first.text}\n${first.data}` : (first?.text ?? '');
  const space = text.search(/[ \n]/);
  const type = space < 0 ? text : text.slice(0, space);
  const body = space < 0 ? '' : text.slice(space + 1);
  const more = rest.map((l) => (l.data !== undefined ? `${l.text}\n${l.data}` : l.text));
  return { type, body, more };
}
