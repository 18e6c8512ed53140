import { spawn } from 'node:child_process';
import { BcmError } from '../../shared/errors';
import type { VmInfo } from '../../shared/channels/multipass';
import {
  classifyFailure,
  createLaunchOutputParser,
  parseInfo,
  parseList,
  parseVersion,
  type LaunchOutput,
  type ListedVm,
  type MultipassVersion,
} from './parse';

export interface RunOptions {
  stdin?: string;
  signal?: AbortSignal;
  /** kill the program after this long (TIMEOUT) */
  timeoutMs?: number;
  onStdout?: (chunk: string) => void;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const OUTPUT_LIMIT = 4 * 1024 * 1024;

/** Runs a program without a shell; output is collected (bounded), never logged. */
export function runProgram(path: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new BcmError('CANCELLED', 'Cancelled.'));
      return;
    }
    const child = spawn(path, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, env: { ...process.env, LC_ALL: 'C' } });
    let stdout = '';
    let stderr = '';
    let settled = false;
    let why: 'cancel' | 'timeout' | null = null;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (stdout.length < OUTPUT_LIMIT) stdout += chunk;
      options.onStdout?.(chunk);
    });
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < OUTPUT_LIMIT) stderr += chunk;
    });
    const stop = (reason: 'cancel' | 'timeout') => {
      why = reason;
      child.kill('SIGTERM');
      setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 3_000).unref();
    };
    const onAbort = () => stop('cancel');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = options.timeoutMs !== undefined ? setTimeout(() => stop('timeout'), options.timeoutMs) : undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    child.once('error', (err: NodeJS.ErrnoException) =>
      finish(() =>
        reject(
          err.code === 'ENOENT' || err.code === 'EACCES'
            ? new BcmError('PRECONDITION_FAILED', `${path} cannot be run (${err.code}). Is multipass installed?`, { reason: 'missing', path })
            : new BcmError('INTERNAL', `${path} could not be started: ${err.message}`),
        ),
      ),
    );
    child.once('close', (code) =>
      finish(() => {
        if (why === 'cancel') reject(new BcmError('CANCELLED', 'Cancelled.'));
        else if (why === 'timeout') reject(new BcmError('TIMEOUT', `multipass did not finish within ${Math.round((options.timeoutMs ?? 0) / 1000)} s.`, { args: args.slice(0, 2) }));
        else resolve({ code, stdout, stderr });
      }),
    );
    child.stdin.on('error', () => undefined); // a program that exits without reading stdin
    child.stdin.end(options.stdin ?? '');
  });
}

export interface LaunchRequest {
  name: string;
  cpus: number;
  memoryGiB: number;
  diskGiB: number;
  image: string;
  /** the user-data, passed on stdin (`--cloud-init -`): the snap's confinement cannot read ~/.bcm */
  cloudInit: string;
  timeoutSeconds: number;
}

/**
 * The multipass command-line driver: every command BCM uses, `--format json` where multipass has
 * it, strict parsing, failures turned into BcmErrors with a next step.
 */
export class MultipassCli {
  constructor(
    readonly path: string,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  private async ok(command: string, args: string[], options: RunOptions = {}): Promise<string> {
    const res = await runProgram(this.path, args, options);
    if (res.code !== 0) throw classifyFailure(command, res.code, res.stderr || res.stdout, this.platform);
    return res.stdout;
  }

  /** Client and daemon versions; `multipassd` is absent when the daemon does not answer. */
  async version(signal?: AbortSignal): Promise<MultipassVersion> {
    const res = await runProgram(this.path, ['version', '--format', 'json'], { timeoutMs: 20_000, ...(signal ? { signal } : {}) });
    if (res.stdout.trim() === '') throw classifyFailure('version', res.code, res.stderr, this.platform);
    return parseVersion(res.stdout);
  }

  async list(signal?: AbortSignal): Promise<ListedVm[]> {
    return parseList(await this.ok('list', ['list', '--format', 'json'], { timeoutMs: 60_000, ...(signal ? { signal } : {}) }));
  }

  async info(name: string, signal?: AbortSignal): Promise<VmInfo> {
    return parseInfo(await this.ok('info', ['info', name, '--format', 'json'], { timeoutMs: 60_000, ...(signal ? { signal } : {}) }), name);
  }

  /** Creates and starts the VM; `onOutput` hears its progress lines. Killed on abort (the daemon may go on: delete afterwards). */
  async launch(req: LaunchRequest, onOutput: (line: LaunchOutput) => void, signal?: AbortSignal): Promise<void> {
    const parse = createLaunchOutputParser();
    const args = [
      'launch',
      '--name',
      req.name,
      '--cpus',
      String(req.cpus),
      '--memory',
      `${req.memoryGiB}G`,
      '--disk',
      `${req.diskGiB}G`,
      '--cloud-init',
      '-',
      '--timeout',
      String(req.timeoutSeconds),
      req.image,
    ];
    await this.ok('launch', args, {
      stdin: req.cloudInit,
      // multipass enforces --timeout itself; this is the backstop for a hung client
      timeoutMs: (req.timeoutSeconds + 60) * 1000,
      onStdout: (chunk) => parse(chunk).forEach(onOutput),
      ...(signal ? { signal } : {}),
    });
  }

  async start(name: string, signal?: AbortSignal): Promise<void> {
    await this.ok('start', ['start', name], { timeoutMs: 600_000, ...(signal ? { signal } : {}) });
  }

  async stop(name: string, signal?: AbortSignal): Promise<void> {
    await this.ok('stop', ['stop', name], { timeoutMs: 600_000, ...(signal ? { signal } : {}) });
  }

  /** `delete --purge <name>`: this VM only, for good (a bare `purge` would purge every deleted VM). */
  async delete(name: string, options: { purge?: boolean } = {}): Promise<void> {
    await this.ok('delete', ['delete', ...(options.purge === false ? [] : ['--purge']), name], { timeoutMs: 300_000 });
  }

  /** Purges every deleted VM (the user's too): BCM itself uses `delete --purge <name>`. */
  async purge(): Promise<void> {
    await this.ok('purge', ['purge'], { timeoutMs: 300_000 });
  }

  /** Runs a program inside the VM; its output may be secret (a token): never put it in errors. */
  async exec(name: string, argv: string[], options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<RunResult> {
    const res = await runProgram(this.path, ['exec', name, '--', ...argv], { timeoutMs: options.timeoutMs ?? 120_000, ...(options.signal ? { signal: options.signal } : {}) });
    if (res.code !== 0 && /^exec failed:/m.test(res.stderr)) throw classifyFailure('exec', res.code, res.stderr, this.platform);
    return res;
  }
}
