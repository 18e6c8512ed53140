import { randomBytes } from 'node:crypto';
import type { TerminalOutput, TerminalPreset, TerminalSession as SessionInfo } from '../../shared/channels/terminal';
import { BcmError, type ErrorShape } from '../../shared/errors';
import type { LxdClient } from '../lxd/index';
import { notRunningError } from './errors';
import { defaultLimits, TerminalSession, type Pty, type SessionLimits } from './session';
import { chooseShell, parseProbe, presetRc, probeCommand, type ShellChoice } from './shell';

export interface OpenTerminal {
  endpoint: string;
  project: string;
  name: string;
  shell: ShellChoice;
  preset?: TerminalPreset | undefined;
  cols: number;
  rows: number;
}

export interface TerminalServiceOptions extends Partial<SessionLimits> {
  /** sessions open at once (each holds an exec and its scrollback) */
  maxSessions?: number;
}

const TERM_ENV = { TERM: 'xterm-256color', COLORTERM: 'truecolor', LANG: 'C.UTF-8' };

/** Terminal sessions in containers, kept in main so a renderer reload can reattach. */
export class TerminalService {
  private readonly sessions = new Map<string, TerminalSession>();
  private readonly limits: SessionLimits;
  private readonly maxSessions: number;

  constructor(
    private readonly clientFor: (endpoint: string) => Promise<LxdClient>,
    options: TerminalServiceOptions = {},
  ) {
    const { maxSessions, ...limits } = options;
    this.limits = { ...defaultLimits, ...limits };
    this.maxSessions = maxSessions ?? 32;
  }

  async open(input: OpenTerminal): Promise<SessionInfo> {
    if (this.sessions.size >= this.maxSessions) {
      throw new BcmError('CONFLICT', `${this.sessions.size} terminals are open, the most BCM keeps at once. Close one and try again.`);
    }
    const client = await this.clientFor(input.endpoint);
    const scope = { project: input.project };
    const sessionId = `t-${randomBytes(12).toString('base64url')}`;
    const rcPath = input.preset ? `/tmp/.bcm-${sessionId}.rc` : undefined;
    let found: string[];
    try {
      const probe = await client.exec.run(input.name, probeCommand(rcPath), {
        ...scope,
        ...(input.preset && rcPath ? { stdin: presetRc(input.preset, rcPath) } : {}),
      });
      if (probe.exitCode === 3) {
        throw new BcmError('LXD_ERROR', `Could not write the shell's settings to ${rcPath} in ${input.name} (is /tmp writable?).`);
      }
      found = parseProbe(probe.stdout.toString('utf8'));
    } catch (err) {
      throw await notRunningError(err, client, input.name, scope);
    }
    const plan = chooseShell(found, input.shell, input.name, rcPath);
    let pty: Pty;
    try {
      pty = await client.exec.interactive(input.name, plan.argv, {
        ...scope,
        env: { ...TERM_ENV, ...plan.env },
        cols: input.cols,
        rows: input.rows,
      });
    } catch (err) {
      throw await notRunningError(err, client, input.name, scope);
    }
    const meta = {
      sessionId,
      endpoint: input.endpoint,
      project: input.project,
      instance: input.name,
      title: input.preset?.title ?? input.name,
      shell: plan.shell,
      createdAt: new Date().toISOString(),
      ...(plan.notice !== undefined ? { notice: plan.notice } : {}),
    };
    const session = new TerminalSession(meta, pty, this.limits, (s) => this.sessions.delete(s.id));
    this.sessions.set(sessionId, session);
    return session.info();
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => s.info());
  }

  private get(sessionId: string): TerminalSession {
    const session = this.sessions.get(sessionId);
    if (!session) {
      throw new BcmError('NOT_FOUND', 'This terminal session has ended and is gone (closed, or unused for too long). Open a new one.', {
        sessionId,
      });
    }
    return session;
  }

  /** Synchronous, so keystrokes reach the shell in the order they were sent. */
  write(sessionId: string, data: Buffer): void {
    this.get(sessionId).write(data);
  }

  resize(sessionId: string, cols: number, rows: number): void {
    this.get(sessionId).resize(cols, rows);
  }

  ack(sessionId: string, offset: number): void {
    this.sessions.get(sessionId)?.ack(offset);
  }

  async close(sessionId: string): Promise<void> {
    await this.sessions.get(sessionId)?.close();
  }

  attach(sessionId: string, emit: (payload: TerminalOutput) => void, fail: (error: ErrorShape) => void): () => void {
    return this.get(sessionId).attach(emit, fail);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => s.close()));
  }
}
