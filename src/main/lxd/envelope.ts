import { z } from 'zod';
import { BcmError } from '../../shared/errors';
import type { LxdOperation } from './api';

/**
 * LXD answers every JSON call with one of three envelopes (sync, async, error). They are parsed
 * strictly here; anything else is an INTERNAL error naming the request.
 */

const operationSchema = z.object({
  id: z.string(),
  class: z.enum(['task', 'websocket', 'token']),
  description: z.string(),
  status: z.string(),
  status_code: z.number(),
  resources: z.record(z.string(), z.array(z.string())).nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  may_cancel: z.boolean(),
  err: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  location: z.string().optional(),
});

const syncSchema = z.object({
  type: z.literal('sync'),
  status: z.string(),
  status_code: z.number(),
  metadata: z.unknown(),
});

const asyncSchema = z.object({
  type: z.literal('async'),
  status: z.string(),
  status_code: z.number(),
  operation: z.string().min(1),
  metadata: operationSchema,
});

const errorSchema = z.object({
  type: z.literal('error'),
  error: z.string(),
  error_code: z.number(),
  metadata: z.unknown(),
});

const envelopeSchema = z.discriminatedUnion('type', [syncSchema, asyncSchema, errorSchema]);

export type Envelope =
  | { type: 'sync'; statusCode: number; metadata: unknown }
  | { type: 'async'; operationPath: string; operation: LxdOperation }
  | { type: 'error'; errorCode: number; error: string; metadata: unknown };

export function parseOperation(value: unknown): LxdOperation {
  const parsed = operationSchema.safeParse(value);
  if (!parsed.success) {
    throw new BcmError(
      'INTERNAL',
      `LXD sent an operation BCM does not understand: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  }
  return parsed.data;
}

/** Parses a response body; `what` names the request for error messages ("GET /1.0/instances"). */
export function parseEnvelope(body: Buffer | string, what: string, httpStatus: number): Envelope {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BcmError(
      'INTERNAL',
      `${what}: LXD answered HTTP ${httpStatus} with a body that is not JSON (${text.slice(0, 120)}). Is this address an LXD server?`,
      { httpStatus },
    );
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BcmError(
      'INTERNAL',
      `${what}: LXD answered with an unexpected envelope (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}).`,
      { httpStatus },
    );
  }
  const env = parsed.data;
  switch (env.type) {
    case 'sync':
      return { type: 'sync', statusCode: env.status_code, metadata: env.metadata };
    case 'async':
      return { type: 'async', operationPath: env.operation, operation: env.metadata };
    case 'error':
      return { type: 'error', errorCode: env.error_code, error: env.error, metadata: env.metadata };
  }
}

/** Operation status codes (https://documentation.ubuntu.com/lxd/en/latest/rest-api/#list-of-current-status-codes). */
export const OperationStatus = {
  Created: 100,
  Started: 101,
  Stopped: 102,
  Running: 103,
  Cancelling: 104,
  Pending: 105,
  Starting: 106,
  Stopping: 107,
  Aborting: 108,
  Freezing: 109,
  Frozen: 110,
  Thawed: 111,
  Error: 112,
  Success: 200,
  Failure: 400,
  Cancelled: 401,
} as const;

export function isOperationDone(op: Pick<LxdOperation, 'status_code'>): boolean {
  return op.status_code >= 200;
}
