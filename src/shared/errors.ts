import { z } from 'zod';

/**
 * Every error that crosses the IPC boundary is one of these codes, a human message that says what
 * happened and what to do next, and optional structured detail (never secrets).
 */
export const errorCodes = [
  'VALIDATION', // a payload failed its schema; never reached a client
  'UNKNOWN_CHANNEL',
  'NOT_FOUND', // an endpoint, instance or file that does not exist
  'CONFLICT', // a name already in use
  'LXD_MISSING', // no LXD socket / daemon found
  'LXD_NOT_RUNNING', // socket exists but nothing answers
  'PERMISSION_DENIED', // socket or file not accessible to this user
  'UNREACHABLE', // network: refused, timeout, DNS, TLS handshake failed
  'CERT_MISMATCH', // the server's certificate is not the pinned one
  'AUTH_FAILED', // wrong trust password, or the client certificate is not trusted
  'TOKEN_INVALID', // malformed, expired or already used trust token, or fingerprint mismatch
  'LXD_ERROR', // LXD answered with an error not covered above
  'CANCELLED',
  'TIMEOUT', // waited for something (a service to become healthy, an operation) past its deadline
  'PRECONDITION_FAILED', // the target cannot take this (missing LXD extension, too little disk, name clash outside BCM)
  'CHECKSUM_MISMATCH', // a downloaded or supplied artifact is not the pinned one
  'UNPINNED', // an artifact has no pinned hash and is refused
  'STORE_ERROR', // a file in ~/.bcm is corrupt, from a newer version or cannot be written
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export const errorShapeSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

export type ErrorShape = z.infer<typeof errorShapeSchema>;

export class BcmError extends Error implements ErrorShape {
  readonly code: ErrorCode;
  readonly detail?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, detail?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BcmError';
    this.code = code;
    if (detail !== undefined) this.detail = detail;
  }

  toShape(): ErrorShape {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }

  static fromShape(shape: ErrorShape): BcmError {
    return new BcmError(shape.code, shape.message, shape.detail);
  }
}

export function isErrorShape(value: unknown): value is ErrorShape {
  return errorShapeSchema.safeParse(value).success;
}

/** Turns anything thrown into a shape that can cross the boundary. Unknown errors become INTERNAL. */
export function toErrorShape(err: unknown): ErrorShape {
  if (err instanceof BcmError) return err.toShape();
  if (isErrorShape(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}

/** The wire form of a request's outcome. Errors are values, not exceptions, on the wire. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorShape };
