import { BackupService } from '../backup/service';
import { EndpointRegistry } from '../endpoints/registry';
import { EndpointStore } from '../store/endpoints-store';
import { bcmHome } from '../store/paths';
import { SecretStore } from '../store/secrets';
import { BcmStore } from '../store/bcm-store';
import { PASSPHRASE_SECRET } from '../backup/state';
import { BcmError } from '../../shared/errors';
import { MIN_PASSPHRASE, type JobProgress } from '../../shared/channels/store';
import { backupText, bytes, manifestText, progressLine, restoreText } from './format';
import { passphraseFrom, promptLine } from './prompt';

export const USAGE = `Usage:
  bcm backup  [--folder DIR] [--passphrase-file FILE]   back up ~/.bcm and the channel backups
  bcm restore ARCHIVE [--passphrase-file FILE] [--yes]  restore an archive into ~/.bcm
  bcm inspect ARCHIVE [--passphrase-file FILE]          show an archive's manifest
  bcm backups [--folder DIR]                            list the archives in the backup folder
The passphrase comes from --passphrase-file, $BCM_BACKUP_PASSPHRASE, the one remembered for
scheduled backups (backup only), or the terminal. ~/.bcm is $BCM_HOME when set.`;

export interface CommandOptions {
  version: string;
  folder?: string;
  passphraseFile?: string;
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
        const passphrase = await passphraseFrom({ ...(options.passphraseFile ? { file: options.passphraseFile } : {}), remembered: (await secrets.read(PASSPHRASE_SECRET)) ?? '', confirm: true });
        if (passphrase.length < MIN_PASSPHRASE) throw new BcmError('VALIDATION', `Use a passphrase of at least ${MIN_PASSPHRASE} characters.`);
        const result = await service.create(controller.jobId, passphrase, options.folder, 'cli');
        process.stdout.write(`${backupText(result).join('\n')}\n`);
        return 0;
      }
      case 'inspect':
      case 'restore': {
        const archive = args[0];
        if (!archive) throw new BcmError('VALIDATION', `Name the archive: bcm ${command} ARCHIVE`);
        const passphrase = await passphraseFrom({ ...(options.passphraseFile ? { file: options.passphraseFile } : {}), confirm: false });
        const inspected = await service.inspect(archive, passphrase);
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
        const report = await service.restore(controller.jobId, archive, passphrase);
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
