import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const STARTUP_TIMEOUT_MS = 30_000;

export interface RunningHost {
  /** the first BCM_HOST_URL printed: http://127.0.0.1:PORT/#token=... (a one-time link) */
  url: string;
  /**
   * A fresh one-time link, asked for as a person would: Enter on the host's terminal (stdin).
   * Every new page needs one; a tab keeps its session across reloads.
   */
  link(): Promise<string>;
  /** the throwaway ~/.bcm it uses */
  home: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `node dist/main/host.js --port 0` with a fresh BCM_HOME (or `home`, prepared by the test)
 * and waits for its URL. `env` adds to its environment (LXD_DIR: "this computer's LXD" is another daemon).
 */
export async function startHost(options: { home?: string; env?: Record<string, string> } = {}): Promise<RunningHost> {
  const hostJs = join(root, 'dist', 'main', 'host.js');
  if (!existsSync(hostJs)) throw new Error(`${hostJs} is missing: run \`npm run build\` before the e2e tests.`);

  const home = options.home ?? mkdtempSync(join(tmpdir(), 'bcm-e2e-'));
  const child = spawn(process.execPath, [hostJs, '--port', '0'], {
    cwd: root,
    env: { ...process.env, ...options.env, BCM_HOME: home },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    if (process.env['BCM_E2E_HOST_LOG']) process.stderr.write(`[host] ${chunk}`);
  });

  // every BCM_HOST_URL line the host prints, in order; link() waits for the next one
  const printed: string[] = [];
  const waiting: ((link: string) => void)[] = [];
  let stdoutAll = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdoutAll += chunk;
    for (;;) {
      const m = /^BCM_HOST_URL=(\S+)$/m.exec(stdoutAll);
      if (!m?.[1]) break;
      stdoutAll = stdoutAll.slice((m.index ?? 0) + m[0].length);
      const next = waiting.shift();
      if (next) next(m[1]);
      else printed.push(m[1]);
    }
  });
  const nextLink = (): Promise<string> => {
    const ready = printed.shift();
    return ready !== undefined ? Promise.resolve(ready) : new Promise((r) => waiting.push(r));
  };

  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the BCM host printed no BCM_HOST_URL within ${STARTUP_TIMEOUT_MS / 1000} s.\n${stderr}`));
    }, STARTUP_TIMEOUT_MS);
    void nextLink().then((first) => {
      clearTimeout(timer);
      resolveUrl(first);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the BCM host exited (code ${String(code)}) before it was ready.\n${stderr}`));
    });
  });
  const link = (): Promise<string> => {
    const next = nextLink();
    child.stdin.write('\n');
    return next;
  };

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise<void>((done) => setTimeout(done, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(home, { recursive: true, force: true });
    rmSync(`${home}.host.json`, { force: true }); // the host's port and sessions, kept beside the store
  };
  return { url, link, home, process: child, stop };
}
