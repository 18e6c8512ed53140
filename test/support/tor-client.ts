// A plain Tor client on the private test network, as a phone's Tor would be: its own torrc with
// ClientOnionAuthDir (the `.auth_private` files a wallet is given), a SOCKS port on loopback.
// Test only; the product's own Tor is src/main/tor/process.ts, whose extra lines are an allow-list.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../src/main/tor/ports';

export interface PhoneTor {
  socksPort: number;
  authDir: string;
  log: string[];
  stop(): void;
}

/** Starts tor and resolves once it has bootstrapped (or rejects after `timeoutMs`). */
export async function startPhoneTor(parent: string, clientLines: string[], authFiles: Record<string, string>, timeoutMs = 120_000): Promise<PhoneTor> {
  const dir = await mkdtemp(join(parent, 'phone-tor-'));
  const authDir = join(dir, 'auth');
  await mkdir(authDir, { mode: 0o700 });
  await mkdir(join(dir, 'data'), { mode: 0o700 });
  for (const [name, text] of Object.entries(authFiles)) await writeFile(join(authDir, `${name}.auth_private`), `${text}\n`, { mode: 0o600 });
  const socksPort = await freeLoopbackPort();
  await writeFile(
    join(dir, 'torrc'),
    [...clientLines, `DataDirectory ${join(dir, 'data')}`, `SocksPort 127.0.0.1:${socksPort} ExtendedErrors`, `ClientOnionAuthDir ${authDir}`, `__OwningControllerProcess ${process.pid}`, 'Log notice stdout', ''].join('\n'),
  );
  const child: ChildProcess = spawn('tor', ['-f', join(dir, 'torrc'), '--defaults-torrc', '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the phone's Tor did not bootstrap in ${timeoutMs / 1000} s:\n${log.slice(-10).join('\n')}`)), timeoutMs);
    child.once('exit', (code) => reject(new Error(`the phone's Tor exited (${code}):\n${log.slice(-10).join('\n')}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      log.push(line);
      if (log.length > 200) log.shift();
      if (/Bootstrapped 100%/.test(line)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { socksPort, authDir, log, stop: () => void child.kill('SIGTERM') };
}
