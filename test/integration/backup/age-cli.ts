import { spawn } from 'node:child_process';

/**
 * Runs Debian's `age` with a passphrase. age 1.1 reads passphrases only from a terminal (no
 * AGE_PASSPHRASE), so `script` gives it a pty: we wait for its prompt and type the passphrase.
 */
export function ageWithPassphrase(args: string[], passphrase: string, options: { prompts?: number; timeoutMs?: number } = {}): Promise<{ code: number | null; output: string }> {
  const quoted = ['age', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qec', quoted, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let answered = 0;
  const prompts = options.prompts ?? 1;
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    const seen = (output.match(/passphrase/gi) ?? []).length;
    while (answered < Math.min(seen, prompts)) {
      answered++;
      child.stdin.write(`${passphrase}\r`);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`age did not finish within ${options.timeoutMs ?? 60_000} ms: ${output}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, output });
    });
  });
}
