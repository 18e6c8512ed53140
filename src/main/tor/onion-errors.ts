import { BcmError } from '../../shared/errors';

/**
 * What a SOCKS5 reply code from Tor (with `ExtendedErrors`, prop304) means for an onion endpoint,
 * as a message with a next step. Pure.
 */
export const SOCKS_REPLY = {
  GENERAL_FAILURE: 0x01,
  NOT_ALLOWED: 0x02,
  NETWORK_UNREACHABLE: 0x03,
  HOST_UNREACHABLE: 0x04,
  CONNECTION_REFUSED: 0x05,
  TTL_EXPIRED: 0x06,
  HS_DESC_NOT_FOUND: 0xf0,
  HS_DESC_INVALID: 0xf1,
  HS_INTRO_FAILED: 0xf2,
  HS_REND_FAILED: 0xf3,
  HS_MISSING_CLIENT_AUTH: 0xf4,
  HS_WRONG_CLIENT_AUTH: 0xf5,
  HS_BAD_ADDRESS: 0xf6,
  HS_INTRO_TIMEDOUT: 0xf7,
} as const;

export type OnionFailure =
  | 'not-authorised'
  | 'offline'
  | 'no-answer'
  | 'target-refused'
  | 'bad-address'
  | 'tor-failure';

export function onionFailureOf(code: number): OnionFailure {
  switch (code) {
    case SOCKS_REPLY.HS_MISSING_CLIENT_AUTH:
    case SOCKS_REPLY.HS_WRONG_CLIENT_AUTH:
      return 'not-authorised';
    case SOCKS_REPLY.HS_DESC_NOT_FOUND:
    case SOCKS_REPLY.HS_DESC_INVALID:
      return 'offline';
    case SOCKS_REPLY.HS_INTRO_FAILED:
    case SOCKS_REPLY.HS_INTRO_TIMEDOUT:
    case SOCKS_REPLY.HS_REND_FAILED:
    case SOCKS_REPLY.TTL_EXPIRED:
      return 'no-answer';
    case SOCKS_REPLY.CONNECTION_REFUSED:
      return 'target-refused';
    case SOCKS_REPLY.HS_BAD_ADDRESS:
      return 'bad-address';
    default:
      return 'tor-failure';
  }
}

/** A BcmError for a failed connection to `address` ("<id>.onion:8443") with Tor's reply `code`. */
export function onionError(code: number, address: string): BcmError {
  const hex = `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
  const detail = { address, socksReply: hex, reason: `onion-${onionFailureOf(code)}` };
  switch (onionFailureOf(code)) {
    case 'not-authorised':
      return new BcmError(
        'AUTH_FAILED',
        code === SOCKS_REPLY.HS_MISSING_CLIENT_AUTH
          ? `This computer is not authorised to reach ${address}: the onion service requires client authorisation and BCM's Tor has no key for it. Import the pairing bundle for this server again.`
          : `This computer is not authorised to reach ${address}: the onion service did not accept this computer's client key (it was revoked, or belongs to another service). Ask the server's owner for a new pairing bundle and import it.`,
        detail,
      );
    case 'offline':
      return new BcmError(
        'UNREACHABLE',
        `The onion service ${address} is not online: Tor could not find its descriptor. The server (or its gateway) may be off or not connected to Tor. Check the server, then try again in a minute.`,
        detail,
      );
    case 'no-answer':
      return new BcmError(
        'UNREACHABLE',
        `The onion service ${address} is published but did not answer (Tor reply ${hex}). The server may have just gone offline or the Tor network is slow; try again in a minute.`,
        detail,
      );
    case 'target-refused':
      return new BcmError(
        'UNREACHABLE',
        `The onion service ${address} is online, but nothing answers behind it: the server's LXD is not listening on the forwarded port. On the server, check \`lxc config get core.https_address\`.`,
        detail,
      );
    case 'bad-address':
      return new BcmError('VALIDATION', `${address} is not a valid onion address. Check the pairing bundle.`, detail);
    default:
      return new BcmError(
        'UNREACHABLE',
        `Tor could not connect to ${address} (reply ${hex}). Check that BCM's Tor is connected (Tor page), then try again.`,
        detail,
      );
  }
}
