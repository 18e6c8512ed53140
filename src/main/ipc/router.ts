import type { z } from 'zod';
import {
  eventChannels,
  invokeChannels,
  isEventChannel,
  isInvokeChannel,
  type EventChannel,
  type EventParsed,
  type EventPayload,
  type InvokeChannel,
  type InvokeOutput,
  type InvokeParsed,
} from '../../shared/contract';
import { BcmError, toErrorShape, type ErrorShape, type Result } from '../../shared/errors';

export type Handlers = {
  [C in InvokeChannel]: (input: InvokeParsed<C>) => Promise<InvokeOutput<C>>;
};

export type Unsubscribe = () => void;

/**
 * An event source starts producing when subscribed and stops when the returned function is
 * called. `fail` ends the stream with an error (e.g. the endpoint was removed).
 */
export type EventSources = {
  [E in EventChannel]: (
    params: EventParsed<E>,
    emit: (payload: EventPayload<E>) => void,
    fail: (error: ErrorShape) => void,
  ) => Unsubscribe;
};

export interface Router {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  subscribe(
    channel: string,
    params: unknown,
    emit: (payload: unknown) => void,
    fail: (error: ErrorShape) => void,
  ): Result<Unsubscribe>;
}

function validationError(channel: string, issues: z.core.$ZodIssue[]): ErrorShape {
  const first = issues[0];
  const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
  return {
    code: 'VALIDATION',
    message: `Invalid request to ${channel}${where}: ${first?.message ?? 'malformed payload'}`,
    detail: { issues: issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
  };
}

/**
 * Binds every contract channel to a handler. Transport-agnostic: the Electron binding and the
 * browser host both call it. Payloads are parsed against the contract before any handler runs,
 * and anything thrown comes back as a typed error value.
 */
export function createRouter(handlers: Handlers, sources: EventSources): Router {
  return {
    async invoke(channel, input) {
      if (!isInvokeChannel(channel)) {
        return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `No such channel: ${String(channel)}` } };
      }
      const parsed = invokeChannels[channel].input.safeParse(input ?? {});
      if (!parsed.success) return { ok: false, error: validationError(channel, parsed.error.issues) };
      try {
        const handler = handlers[channel] as (i: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(parsed.data) };
      } catch (err) {
        return { ok: false, error: toErrorShape(err) };
      }
    },
    subscribe(channel, params, emit, fail) {
      if (!isEventChannel(channel)) {
        return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `No such event stream: ${String(channel)}` } };
      }
      const parsed = eventChannels[channel].params.safeParse(params ?? {});
      if (!parsed.success) return { ok: false, error: validationError(channel, parsed.error.issues) };
      try {
        const source = sources[channel] as (
          p: unknown,
          e: (payload: unknown) => void,
          f: (error: ErrorShape) => void,
        ) => Unsubscribe;
        return { ok: true, value: source(parsed.data, emit, fail) };
      } catch (err) {
        return { ok: false, error: toErrorShape(err) };
      }
    },
  };
}

export { BcmError };
