// `bcm backup | restore | inspect | backups`: the backup core for headless servers and cron.
//   bcm backup  [--folder DIR] [--passphrase-file FILE | --to-key]
//   bcm restore ARCHIVE [--passphrase-file FILE | --identity FILE] [--yes]
//   bcm inspect ARCHIVE [--passphrase-file FILE | --identity FILE]
//   bcm backups [--folder DIR]
// The passphrase comes from --passphrase-file, $BCM_BACKUP_PASSPHRASE, or the terminal; --to-key
// encrypts to the backup key set up in BCM (for cron: no secret needed). ~/.bcm is $BCM_HOME when set.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BcmError } from '../../shared/errors';
import { runCommand, USAGE } from './commands';

function version(): string {
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    return (JSON.parse(readFileSync(join(here, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        folder: { type: 'string' },
        'passphrase-file': { type: 'string' },
        identity: { type: 'string' },
        'to-key': { type: 'boolean', default: false },
        yes: { type: 'boolean', short: 'y', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || parsed.values.help ? 0 : 2;
  }
  const v = parsed.values;
  return runCommand(command, rest, {
    version: version(),
    ...(v.folder ? { folder: v.folder } : {}),
    ...(v['passphrase-file'] ? { passphraseFile: v['passphrase-file'] } : {}),
    ...(v.identity ? { identityFile: v.identity } : {}),
    toKey: v['to-key'] === true,
    yes: v.yes === true,
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof BcmError ? err.message : `Unexpected error: ${(err as Error).message}`;
    process.stderr.write(`bcm: ${message}\n`);
    process.exit(1);
  },
);
