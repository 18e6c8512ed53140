import { BcmError } from '../../shared/errors';

/**
 * Pure mapping from what Node or LXD reports to a BcmError with a message that says what happened
 * and what to do next. Transports map connection failures; the client maps LXD's error envelopes.
 */

export type TransportTarget =
  { kind: 'unix'; socketPath: string } | { kind: 'https'; address: string; viaProxy?: string };

interface NodeSystemError {
  code?: string;
  syscall?: string;
  message?: string;
  name?: string;
}

function systemCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err) {
    const code = (err as NodeSystemError).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function isAbortError(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err.name === 'AbortError' || systemCode(err) === 'ABORT_ERR' || systemCode(err) === 'ERR_CANCELED')
  );
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNABORTED',
  'ERR_SOCKET_CLOSED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
]);

/** Maps an error thrown while connecting to or talking with LXD. A BcmError passes through. */
export function mapTransportError(err: unknown, target: TransportTarget): BcmError {
  if (err instanceof BcmError) return err;
  if (isAbortError(err))
    return new BcmError('CANCELLED', 'The request to LXD was cancelled.', undefined, { cause: err });
  const code = systemCode(err);
  const raw = messageOf(err);
  if (target.kind === 'unix') {
    const where = target.socketPath;
    switch (code) {
      case 'ENOENT':
        return new BcmError(
          'LXD_MISSING',
          `No LXD socket at ${where}: LXD does not seem to be installed on this computer. Install it (Debian: \`sudo apt install lxd\`; elsewhere: \`sudo snap install lxd\`) and run \`sudo lxd init\`.`,
          { socketPath: where },
          { cause: err },
        );
      case 'ECONNREFUSED':
        return new BcmError(
          'LXD_NOT_RUNNING',
          `The LXD socket ${where} exists but nothing answers: the LXD daemon is not running. Start it (\`sudo systemctl start lxd\`, or \`sudo snap start lxd\`) and try again.`,
          { socketPath: where },
          { cause: err },
        );
      case 'EACCES':
      case 'EPERM':
        return new BcmError(
          'PERMISSION_DENIED',
          `This user may not open the LXD socket ${where}. Add yourself to the \`lxd\` group (\`sudo usermod -aG lxd $USER\`), then log out and back in (or run \`newgrp lxd\`).`,
          { socketPath: where },
          { cause: err },
        );
      default:
        return new BcmError(
          'LXD_NOT_RUNNING',
          `Talking to LXD over ${where} failed (${code ?? raw}). Check that the LXD daemon is running (\`lxc info\`) and try again.`,
          { socketPath: where, cause: code ?? raw },
          { cause: err },
        );
    }
  }
  const where = target.address;
  const proxy = target.viaProxy ? ` through the proxy ${target.viaProxy}` : '';
  if (code && NETWORK_CODES.has(code)) {
    const what =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'the host name could not be resolved'
        : code === 'ETIMEDOUT'
          ? 'the connection timed out'
          : code === 'ECONNREFUSED'
            ? 'the connection was refused'
            : `the connection failed (${code})`;
    return new BcmError(
      'UNREACHABLE',
      `Cannot reach the LXD server at ${where}${proxy}: ${what}. Check the address and port, that the server is on, and that LXD listens on the network (\`lxc config set core.https_address :8443\` on the server).`,
      { address: where, cause: code },
      { cause: err },
    );
  }
  if (/socks/i.test(raw)) {
    return new BcmError(
      'UNREACHABLE',
      `Cannot reach the LXD server at ${where}${proxy}: ${raw}. Check that the proxy (Tor) is running and the address is right.`,
      { address: where, cause: raw },
      { cause: err },
    );
  }
  if (code?.startsWith('ERR_SSL') || code?.startsWith('ERR_TLS') || /tls|ssl|handshake|certificate/i.test(raw)) {
    return new BcmError(
      'UNREACHABLE',
      `The secure connection to ${where}${proxy} failed (${raw}). Check that the address points at an LXD server.`,
      { address: where, cause: code ?? raw },
      { cause: err },
    );
  }
  return new BcmError(
    'UNREACHABLE',
    `Cannot reach the LXD server at ${where}${proxy}: ${raw}.`,
    { address: where, cause: code ?? raw },
    { cause: err },
  );
}

export function certMismatchError(address: string, pinned: string, presented: string): BcmError {
  return new BcmError(
    'CERT_MISMATCH',
    `The LXD server at ${address} presented a certificate with fingerprint ${presented}, but this endpoint is pinned to ${pinned}. Nothing was sent. If the server was reinstalled or its certificate renewed, check the new fingerprint on the server (\`lxc info | grep fingerprint\`) and re-add the endpoint; otherwise someone may be intercepting the connection.`,
    { address, pinned, presented },
  );
}

/** What the caller was doing, to turn a generic LXD status into a precise message. */
export type LxdErrorContext = 'default' | 'trust-password' | 'trust-token';

/** Maps an LXD error envelope (or a failed operation) to a BcmError, keeping LXD's own text. */
export function mapLxdError(
  status: number,
  lxdMessage: string,
  where: { method?: string; path?: string; context?: LxdErrorContext } = {},
): BcmError {
  const text = lxdMessage.trim() || `HTTP ${status}`;
  const detail: Record<string, unknown> = { status, lxdError: text };
  if (where.method) detail.method = where.method;
  if (where.path) detail.path = where.path;
  const context = where.context ?? 'default';
  if (status === 403) {
    if (context === 'trust-password') {
      return new BcmError(
        'AUTH_FAILED',
        `The trust password was not accepted by the LXD server (${text}). Check it (on the server: \`lxc config get core.trust_password\` shows whether one is set; set a new one with \`lxc config set core.trust_password <password>\`) or use a trust token from \`lxc config trust add\`.`,
        detail,
      );
    }
    if (context === 'trust-token') {
      return new BcmError(
        'TOKEN_INVALID',
        `The trust token was not accepted by the LXD server (${text}): it was already used, revoked or has expired. Create a new one on the server with \`lxc config trust add\` and paste it again.`,
        detail,
      );
    }
    return new BcmError(
      'AUTH_FAILED',
      `The LXD server refused the request (${text}): this computer's client certificate is not trusted there, or not for this project. Add it again with a trust password or token.`,
      detail,
    );
  }
  if (status === 404) {
    return new BcmError('NOT_FOUND', `${text}${where.path ? ` (${where.path})` : ''}.`, detail);
  }
  if (status === 409) {
    return new BcmError('CONFLICT', `${text}: choose another name or remove the existing one.`, detail);
  }
  if (status === 412) {
    return new BcmError(
      'CONFLICT',
      `The object changed on the server since it was read (${text}). Reload it and apply the change again.`,
      detail,
    );
  }
  return new BcmError('LXD_ERROR', `LXD: ${text}`, detail);
}
