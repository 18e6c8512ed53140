import type { z } from 'zod';
import { BcmError, toErrorShape } from '../../../shared/errors';
import type { Section } from '../../../shared/services/common';

export type Outcome = { ok: true; result: unknown } | { ok: false; error: BcmError };

/** A value as a section. */
export const okSection = <T>(value: T): Section<T> => ({ ok: true, value });

export const errorSection = <T>(err: unknown): Section<T> => ({ ok: false, error: toErrorShape(err) });

/** Says where an answer did not have the shape expected, in one line. */
export function shapeError(label: string, what: string, error: z.ZodError): BcmError {
  const first = error.issues[0];
  const where = first ? `${first.path.join('.') || '(top)'}: ${first.message}` : 'unknown';
  return new BcmError('INTERNAL', `${label} answered ${what} in an unexpected shape (${where}).`, { what, issues: error.issues.length });
}

/** Parses one answer strictly (fields the model needs must be there and typed; others are ignored). */
export function parseWith<S extends z.ZodType, T>(label: string, what: string, schema: S, raw: unknown, map: (value: z.output<S>) => T): Section<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return errorSection(shapeError(label, what, parsed.error));
  try {
    return okSection(map(parsed.data));
  } catch (err) {
    return errorSection(err);
  }
}

/** The same for an RPC call's outcome (its error, or its result parsed). */
export function fromOutcome<S extends z.ZodType, T>(label: string, what: string, outcome: Outcome | undefined, schema: S, map: (value: z.output<S>) => T): Section<T> {
  if (!outcome) return errorSection(new BcmError('INTERNAL', `${label}: ${what} was not asked.`));
  if (!outcome.ok) return errorSection(outcome.error);
  return parseWith(label, what, schema, outcome.result, map);
}

/** Combines several sections into one (the first failure wins). */
export function combine<A, B, T>(a: Section<A>, b: Section<B>, f: (a: A, b: B) => T): Section<T> {
  if (!a.ok) return a;
  if (!b.ok) return b;
  try {
    return okSection(f(a.value, b.value));
  } catch (err) {
    return errorSection(err);
  }
}
