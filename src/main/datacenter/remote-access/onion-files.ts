import { createHash } from 'node:crypto';
import { BcmError } from '../../../shared/errors';

/**
 * Pure parts of remote access through the gateway's Tor (issue 6, server side): the onion
 * service lives in the gateway's torrc (HiddenServiceDir), so it survives Tor restarts and needs
 * no control connection to stay up. The service key is made once by BCM and kept under
 * ~/.bcm/secrets, so the address never changes; each authorised client is an
 * `authorized_clients/<name>.auth` file (ClientAuthV3).
 */

/** The onion service's folder in the gateway (Tor's DataDirectory, which its unit may write). */
export const HS_DIR = '/var/lib/tor/bcm-lxd-api';
/** The port onion clients connect to (LXD's usual HTTPS port). */
export const VIRTUAL_PORT = 8443;
/**
 * Inside the gateway, LXD's API is reached on loopback through an LXD proxy device whose far end
 * is where LXD listens on the host: nothing new listens on the host, and Tor forwards here.
 */
export const GATEWAY_LXD_TARGET = '127.0.0.1:8443';
export const PROXY_DEVICE = 'bcm-lxd-api';

export interface OnionClientEntry {
  name: string;
  /** base32 x25519 public key, 52 characters */
  publicKey: string;
  addedAt: string;
  /** wallet pairing: the macaroon the wallet was given */
  permission?: 'admin' | 'invoice' | 'readonly';
}

/** "ED25519-V3:<base64 of the 64-byte expanded secret key>", as keys.generateOnionServiceKey makes it. */
export function expandedKeyOf(privateKey: string): Buffer {
  const m = /^ED25519-V3:([A-Za-z0-9+/=]+)$/.exec(privateKey.trim());
  const raw = m?.[1] ? Buffer.from(m[1], 'base64') : undefined;
  if (!raw || raw.length !== 64) {
    throw new BcmError('STORE_ERROR', 'The kept onion service key is damaged. Restore ~/.bcm/secrets from a backup (the onion address depends on it), or remove the key file to get a new address.', { reason: 'onion-key-damaged' });
  }
  return raw;
}

const SECRET_HEADER = '== ed25519v1-secret: type0 ==';

function tagged(header: string, body: Buffer): Buffer {
  const head = Buffer.alloc(32);
  head.write(header, 'latin1');
  return Buffer.concat([head, body]);
}

/** Tor's hs_ed25519_secret_key file: a 32-byte tag then the 64-byte expanded key. */
export function secretKeyFile(privateKey: string): Buffer {
  return tagged(SECRET_HEADER, expandedKeyOf(privateKey));
}

/** One authorised client, in Tor's `<HiddenServiceDir>/authorized_clients/<name>.auth` form. */
export function authFile(publicKey: string): string {
  if (!/^[A-Za-z2-7]{52}$/.test(publicKey)) throw new BcmError('INTERNAL', 'A client-auth public key is 52 base32 characters.');
  return `descriptor:x25519:${publicKey.toUpperCase()}\n`;
}

export function authFileName(client: string): string {
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(client)) throw new BcmError('VALIDATION', `"${client}" is not a valid client name.`, { field: 'client' });
  return `${client}.auth`;
}

/** The lines added to the gateway's torrc for the onion service. */
export function torrcFragment(target: string = GATEWAY_LXD_TARGET): string {
  return [
    '# Remote access: the LXD API as a v3 onion service with client authorisation (BCM)',
    `HiddenServiceDir ${HS_DIR}`,
    'HiddenServiceVersion 3',
    `HiddenServicePort ${VIRTUAL_PORT} ${target}`,
    '',
  ].join('\n');
}

/** The gateway's whole torrc with remote access on (the base is the gateway recipe's torrc). */
export function torrcWithOnion(base: string, target?: string): string {
  return `${base.replace(/\n*$/, '\n')}\n${torrcFragment(target)}`;
}

/** Reads Tor's hostname file ("<id>.onion\n"). */
export function parseHostname(text: string): string | undefined {
  const m = /^([a-z2-7]{56})\.onion\s*$/.exec(text.trim());
  return m?.[1];
}

/** What the `user.bcm.step.onion` marker records: the applied torrc, address, target and clients. */
export function onionRecord(input: { serviceId: string; torrc: string; connect: string; clients: OnionClientEntry[] }): string {
  const clients = input.clients.map((c) => `${c.name}=${c.publicKey.toUpperCase()}`).sort();
  return createHash('sha256').update(JSON.stringify({ s: input.serviceId, t: input.torrc, c: input.connect, k: clients })).digest('hex').slice(0, 16);
}
