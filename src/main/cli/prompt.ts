import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { BcmError } from '../../shared/errors';

/** Asks on the terminal without echoing what is typed. */
export function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    return Promise.reject(new BcmError('VALIDATION', 'No terminal to ask for the passphrase: pass --passphrase-file FILE or set BCM_BACKUP_PASSPHRASE.'));
  }
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

export function promptLine(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => rl.question(question, (a) => (rl.close(), resolve(a))));
}

/**
 * The passphrase, from (in order) --passphrase-file, $BCM_BACKUP_PASSPHRASE, or the terminal
 * (asked twice when making a backup).
 */
export async function passphraseFrom(options: { file?: string; confirm: boolean }): Promise<string> {
  if (options.file) {
    const text = await readFile(options.file, 'utf8').catch((err: Error) => {
      throw new BcmError('NOT_FOUND', `Cannot read the passphrase file ${options.file}: ${err.message}`);
    });
    return text.replace(/\r?\n$/, '');
  }
  const env = process.env.BCM_BACKUP_PASSPHRASE;
  if (env) return env;
  const first = await promptHidden('Passphrase: ');
  if (options.confirm) {
    const again = await promptHidden('Passphrase again: ');
    if (again !== first) throw new BcmError('VALIDATION', 'The two passphrases differ. Nothing was written.');
  }
  return first;
}
