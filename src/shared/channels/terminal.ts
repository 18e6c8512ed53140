import { z } from 'zod';
import { none } from './common';
import { instanceRefSchema } from '../instances';

/** Terminal sizes xterm can produce and LXD accepts. */
export const terminalSizeSchema = z.object({
  cols: z.number().int().min(2).max(1000),
  rows: z.number().int().min(1).max(500),
});

export const sessionIdSchema = z.string().regex(/^t-[A-Za-z0-9_-]{8,64}$/, 'Not a terminal session id');

/**
 * A service's command-line shell: a shell whose aliases have the right flags preset (e.g.
 * `bitcoin-cli` with its datadir and RPC port), so the user types `bitcoin-cli getblockcount`.
 */
export const terminalPresetSchema = z
  .object({
    title: z.string().trim().min(1).max(80),
    aliases: z
      .array(
        z.object({
          name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'An alias is a plain command name'),
          command: z.string().min(1).max(4096),
        }),
      )
      .max(32)
      .default([]),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(4096)).default({}),
    /** printed once when the shell starts */
    banner: z.string().max(2000).optional(),
  })
  .strict();
export type TerminalPreset = z.input<typeof terminalPresetSchema>;

export const shellChoices = ['auto', 'bash', 'sh'] as const;

export const terminalSessionSchema = z.object({
  sessionId: z.string(),
  endpoint: z.string(),
  project: z.string(),
  instance: z.string(),
  title: z.string(),
  /** the shell that runs, e.g. /bin/bash */
  shell: z.string(),
  /** said once to the user, e.g. that bash is missing and sh runs instead */
  notice: z.string().optional(),
  state: z.enum(['running', 'exited']),
  exitCode: z.number().optional(),
  attached: z.boolean(),
  createdAt: z.string(),
});
export type TerminalSession = z.infer<typeof terminalSessionSchema>;

/** What an attached renderer receives. `data` is base64 (binary-safe across both transports). */
export const terminalOutputSchema = z.discriminatedUnion('type', [
  /** the bounded scrollback kept in main, sent first when (re)attaching */
  z.object({ type: z.literal('replay'), data: z.string(), offset: z.number(), truncated: z.boolean() }),
  /** new output; `offset` is the byte count of all output up to the end of this chunk */
  z.object({ type: z.literal('data'), data: z.string(), offset: z.number() }),
  z.object({ type: z.literal('exit'), exitCode: z.number(), message: z.string() }),
]);
export type TerminalOutput = z.infer<typeof terminalOutputSchema>;

const ok = z.object({});

/** Interactive shells in containers (LXD's interactive exec; sessions live in main). */
export const terminalInvokeChannels = {
  'terminal.open': {
    input: instanceRefSchema
      .extend({
        shell: z.enum(shellChoices).default('auto'),
        preset: terminalPresetSchema.optional(),
      })
      .extend(terminalSizeSchema.shape)
      .strict(),
    output: terminalSessionSchema,
  },
  'terminal.list': { input: none, output: z.array(terminalSessionSchema) },
  'terminal.write': {
    input: z
      .object({
        sessionId: sessionIdSchema,
        data: z.string().max(1_048_576),
        encoding: z.enum(['utf8', 'base64']).default('utf8'),
      })
      .strict(),
    output: ok,
  },
  'terminal.resize': { input: z.object({ sessionId: sessionIdSchema }).extend(terminalSizeSchema.shape).strict(), output: ok },
  /** flow control: the renderer has processed output up to this byte offset */
  'terminal.ack': { input: z.object({ sessionId: sessionIdSchema, offset: z.number().int().min(0) }).strict(), output: ok },
  /** ends the remote process (SIGHUP, then the exec is closed) and forgets the session */
  'terminal.close': { input: z.object({ sessionId: sessionIdSchema }).strict(), output: z.object({ closed: z.string() }) },
} as const;

export const terminalEventChannels = {
  /** attaching to a session: its scrollback, then live output and its end */
  'terminal.output': { params: z.object({ sessionId: sessionIdSchema }).strict(), payload: terminalOutputSchema },
} as const;
