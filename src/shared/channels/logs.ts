import { z } from 'zod';
import { instanceRefSchema } from '../instances';

/** Where a tail reads from. */
export const logSourceSchema = z.discriminatedUnion('kind', [
  /** a file in the container, followed with `tail -F` */
  z.object({
    kind: z.literal('file'),
    path: z
      .string()
      .min(2)
      .max(4096)
      .regex(/^\/[^\0\n]*$/, 'An absolute path in the container, e.g. /var/log/messages'),
  }),
  /** the systemd journal (`journalctl -f`), optionally one unit */
  z.object({
    kind: z.literal('journal'),
    unit: z
      .string()
      .regex(/^[A-Za-z0-9@._:-]{1,255}$/, 'A unit name, e.g. bitcoind.service')
      .optional(),
  }),
  /** LXD's own log of the instance (lxc.log, lxc.conf): there even when the container is stopped */
  z.object({ kind: z.literal('lxd'), file: z.string().regex(/^[A-Za-z0-9._-]{1,255}$/, 'An LXD log file name, e.g. lxc.log') }),
]);
export type LogSource = z.infer<typeof logSourceSchema>;

export const logSourceInfoSchema = z.object({
  source: logSourceSchema,
  label: z.string(),
  description: z.string().optional(),
});
export type LogSourceInfo = z.infer<typeof logSourceInfoSchema>;

export const tailIdSchema = z.string().regex(/^l-[A-Za-z0-9_-]{8,64}$/, 'Not a log tail id');

export const logTailStates = ['connecting', 'live', 'reconnecting', 'waiting', 'ended'] as const;
export type LogTailState = (typeof logTailStates)[number];

/** What a tail sends; lines come in batches, numbered per tail (`first` is the first one's number). */
export const logTailEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('lines'), first: z.number(), lines: z.array(z.string()), at: z.number() }),
  z.object({
    type: z.literal('state'),
    state: z.enum(logTailStates),
    message: z.string().optional(),
    attempt: z.number().optional(),
    at: z.number(),
  }),
  /** something the user should know about the data (binary content replaced, a line cut) */
  z.object({ type: z.literal('notice'), message: z.string(), at: z.number() }),
]);
export type LogTailEvent = z.infer<typeof logTailEventSchema>;

/** Lines of log kept for a reconnect to skip what was already shown. */
export const MAX_RESUME_LINES = 50;

/** Log tails: a container's files and journal, and LXD's own instance logs. */
export const logInvokeChannels = {
  /** the sources a tail can follow in one instance (what exists is detected) */
  'logs.sources': {
    input: instanceRefSchema.strict(),
    output: z.object({ running: z.boolean(), journal: z.boolean(), sources: z.array(logSourceInfoSchema) }),
  },
  /** flow control: the renderer has processed lines up to this number */
  'logs.ack': { input: z.object({ tailId: tailIdSchema, seq: z.number().int().min(0) }).strict(), output: z.object({}) },
} as const;

export const logEventChannels = {
  'logs.tail': {
    params: instanceRefSchema
      .extend({
        tailId: tailIdSchema,
        source: logSourceSchema,
        /** lines of history before following; default 500 */
        backlog: z.number().int().min(0).max(100_000).default(500),
        /** the last lines the renderer already has: a resumed tail skips them */
        resume: z.array(z.string().max(20_000)).max(MAX_RESUME_LINES).optional(),
      })
      .strict(),
    payload: logTailEventSchema,
  },
} as const;
