import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const STARTUP_TIMEOUT_MS = 30_000;

export interface RunningHost {
  /** BCM_HOST_URL as printed: http://127.0.0.1:PORT/#token=... */
  url: string;
  /** the throwaway ~/.bcm it uses */
  home: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `node dist/main/host.js --port 0` with a fresh BCM_HOME (or `home`, prepared by the test) and waits for its URL. */
export async function startHost(options: { home?: string } = {}): Promise<RunningHost> {
  const hostJs = join(root, 'dist', 'main', 'host.js');
  if (!existsSync(hostJs)) throw new Error(`${hostJs} is missing: run \`npm run build\` before the e2e tests.`);

  const home = options.home ?? mkdtempSync(join(tmpdir(), 'bcm-e2e-'));
  const child = spawn(process.execPath, [hostJs, '--port', '0'], {
    cwd: root,
    env: { ...process.env, BCM_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    if (process.env['BCM_E2E_HOST_LOG']) process.stderr.write(`[host] ${chunk}`);
  });

  const url = await new Promise<string>((resolveUrl, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`the BCM host printed no BCM_HOST_URL within ${STARTUP_TIMEOUT_MS / 1000} s.\n${stdout}\n${stderr}`),
      );
    }, STARTUP_TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^BCM_HOST_URL=(\S+)$/m.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the BCM host exited (code ${String(code)}) before it was ready.\n${stdout}\n${stderr}`));
    });
  });

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise<void>((done) => setTimeout(done, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(home, { recursive: true, force: true });
  };
  return { url, home, process: child, stop };
}
