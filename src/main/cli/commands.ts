import { BackupService } from '../backup/service';
import { EndpointRegistry } from '../endpoints/registry';
import { EndpointStore } from '../store/endpoints-store';
import { bcmHome } from '../store/paths';
import { SecretStore } from '../store/secrets';
import { BcmStore } from '../store/bcm-store';
import type { DecryptWith } from '../backup/age';
import { readFile } from 'node:fs/promises';
import { BcmError } from '../../shared/errors';
import { MIN_PASSPHRASE, type JobProgress } from '../../shared/channels/store';
import { backupText, bytes, manifestText, progressLine, restoreText } from './format';
import { passphraseFrom, promptLine } from './prompt';

export const USAGE = `Usage:
  bcm backup  [--folder DIR] [--passphrase-file FILE | --to-key]
                                        back up ~/.bcm and the channel backups
  bcm restore ARCHIVE [--passphrase-file FILE | --identity FILE] [--yes]
                                        restore an archive into ~/.bcm
  bcm inspect ARCHIVE [--passphrase-file FILE | --identity FILE]
                                        show an archive's manifest
  bcm backups [--folder DIR]            list the archives in the backup folder
The passphrase comes from --passphrase-file, $BCM_BACKUP_PASSPHRASE, or the terminal.
--to-key encrypts to the backup key set up on the Backup page (no secret needed: for cron);
--identity opens an archive made that way with the key's identity file (AGE-SECRET-KEY-1…),
a key derived from a passphrase opens with that passphrase. ~/.bcm is $BCM_HOME when set.`;

export interface CommandOptions {
  version: string;
  folder?: string;
  passphraseFile?: string;
  identityFile?: string;
  toKey?: boolean;
  yes: boolean;
}

function progressPrinter(): (p: JobProgress) => void {
  const tty = process.stderr.isTTY;
  let lastPhase = '';
  return (p) => {
    if (tty) process.stderr.write(`\r\x1b[K${progressLine(p)}`);
    else if (p.phase !== lastPhase) process.stderr.write(`${p.phase}\n`);
    if (tty && (p.phase === 'done' || p.phase === 'failed' || p.phase === 'cancelled')) process.stderr.write('\n');
    lastPhase = p.phase;
  };
}

/** Runs one command over the same services the app uses; returns the exit code. */
export async function runCommand(command: string, args: string[], options: CommandOptions): Promise<number> {
  const home = bcmHome();
  const store = new BcmStore(home);
  const secrets = new SecretStore(store.dirs);
  const registry = new EndpointRegistry(new EndpointStore(store.dirs, store), secrets);
  const service = new BackupService({ store, secrets, appVersion: options.version, clientFor: (e) => registry.client(e), afterRestore: () => registry.close() });
  const controller = { jobId: `cli-${process.pid}` };
  const onSigint = () => service.cancel(controller.jobId);
  process.on('SIGINT', onSigint);
  service.onProgress(progressPrinter());
  try {
    switch (command) {
      case 'backup': {
        await store.open();
        let lock: Parameters<BackupService['create']>[1];
        if (options.toKey) {
          const to = await service.scheduledLock();
          if (!to) throw new BcmError('PRECONDITION_FAILED', 'No backup key is set up: set one up on the Backup page (Schedule), or use a passphrase.');
          lock = to;
        } else {
          lock = await passphraseFrom({ ...(options.passphraseFile ? { file: options.passphraseFile } : {}), confirm: true });
          if (lock.length < MIN_PASSPHRASE) throw new BcmError('VALIDATION', `Use a passphrase of at least ${MIN_PASSPHRASE} characters.`);
        }
        const result = await service.create(controller.jobId, lock, options.folder, 'cli');
        process.stdout.write(`${backupText(result).join('\n')}\n`);
        return 0;
      }
      case 'inspect':
      case 'restore': {
        const archive = args[0];
        if (!archive) throw new BcmError('VALIDATION', `Name the archive: bcm ${command} ARCHIVE`);
        const key: DecryptWith = options.identityFile
          ? {
              identity: await readFile(options.identityFile, 'utf8').catch((err: Error) => {
                throw new BcmError('NOT_FOUND', `Cannot read the identity file ${options.identityFile}: ${err.message}`);
              }),
            }
          : { passphrase: await passphraseFrom({ ...(options.passphraseFile ? { file: options.passphraseFile } : {}), confirm: false }) };
        const inspected = await service.inspect(archive, key);
        process.stdout.write(`${manifestText(inspected.manifest).join('\n')}\n`);
        if (command === 'inspect') return 0;
        if (!options.yes) {
          if (!process.stdin.isTTY) throw new BcmError('VALIDATION', 'Pass --yes to restore without a terminal to confirm on.');
          const what = inspected.targetHasStore ? `The current ${home} will be moved aside (kept, not deleted).` : `It goes to ${home}.`;
          const answer = await promptLine(`${what} Restore? [y/N] `);
          if (!/^y(es)?$/i.test(answer.trim())) {
            process.stderr.write('Nothing was changed.\n');
            return 1;
          }
        }
        const report = await service.restore(controller.jobId, archive, key);
        process.stdout.write(`${restoreText(report).join('\n')}\n`);
        return 0;
      }
      case 'backups': {
        const { folder, archives } = await service.listArchives(options.folder);
        if (archives.length === 0) process.stdout.write(`No archives in ${folder}.\n`);
        for (const a of archives) process.stdout.write(`${a.modifiedAt}  ${bytes(a.size).padStart(9)}  ${a.path}\n`);
        return 0;
      }
      default:
        process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
        return 2;
    }
  } finally {
    process.off('SIGINT', onSigint);
    registry.close();
  }
}
