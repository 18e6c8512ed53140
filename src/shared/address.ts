/**
 * Normalises what a user types for a remote LXD server into host:port. Accepts a bare host, an
 * IPv4/IPv6 address, host:port, [v6]:port and https:// URLs; the default port is LXD's 8443.
 */
export const DEFAULT_LXD_PORT = 8443;

export type AddressParse = { ok: true; host: string; port: number; address: string } | { ok: false; reason: string };

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export function parseAddress(input: string): AddressParse {
  let text = input.trim();
  if (text.length === 0) return { ok: false, reason: 'Enter the server address, e.g. 192.168.1.20 or myserver.lan:8443' };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) {
    if (scheme[1]?.toLowerCase() !== 'https') return { ok: false, reason: 'LXD speaks HTTPS: use https:// or just the host' };
    text = text.slice(scheme[0].length);
  }
  text = text.replace(/\/+$/, '');
  if (text.includes('/')) return { ok: false, reason: 'Give only the host and port, without a path' };

  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d+))?$/i.exec(text);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
  } else if ((text.match(/:/g) ?? []).length > 1) {
    host = text; // a bare IPv6 address
  } else {
    const [h, p] = text.split(':');
    host = h ?? '';
    portText = p;
  }
  const port = portText === undefined ? DEFAULT_LXD_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, reason: `"${portText}" is not a port number (1–65535)` };
  const isV6 = host.includes(':');
  if (isV6) {
    if (!/^[0-9a-f:.]+$/i.test(host)) return { ok: false, reason: `"${host}" is not a valid IPv6 address` };
  } else if (!IPV4.test(host) && !HOSTNAME.test(host)) {
    return { ok: false, reason: `"${host}" is not a valid host name or IP address` };
  }
  host = host.toLowerCase();
  return { ok: true, host, port, address: isV6 ? `[${host}]:${port}` : `${host}:${port}` };
}
