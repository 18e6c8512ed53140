import type { storeEventChannels, storeInvokeChannels } from '../../../shared/channels/store';
import type { DecryptWith } from '../../backup/age';
import type { BackupService } from '../../backup/service';
import type { BcmStore } from '../../store/bcm-store';
import type { HistoryService } from '../../store/history-service';
import type { EventSources, Handlers } from '../router';

export interface StoreDeps {
  bcmStore: BcmStore;
  history: HistoryService;
  backups: BackupService;
}

type StoreChannel = keyof typeof storeInvokeChannels;

/** the contract lets exactly one through */
const unlock = (passphrase: string | undefined, identity: string | undefined): DecryptWith => (identity !== undefined ? { identity } : { passphrase: passphrase ?? '' });
type StoreEvent = keyof typeof storeEventChannels;

/** Binds the history, backup and restore channels. Thin: no logic here. */
export function storeHandlers({ history, backups }: StoreDeps): Pick<Handlers, StoreChannel> {
  return {
    'history.list': ({ limit }) => history.list(limit),
    'history.fileAt': ({ oid, path }) => history.fileAt(oid, path),
    'history.restoreFile': ({ oid, path }) => history.restoreFile(oid, path),
    'history.restoreAll': ({ oid }) => history.restoreAll(oid),
    'backup.status': ({ checkChannels }) => backups.status(checkChannels),
    'backup.updateSettings': (input) => backups.updateSettings(input),
    'backup.listArchives': ({ folder }) => backups.listArchives(folder),
    'backup.create': ({ jobId, passphrase, folder }) => backups.create(jobId, passphrase, folder),
    'backup.cancel': async ({ jobId }) => ({ cancelled: backups.cancel(jobId) }),
    'backup.key.generate': () => backups.generateKey(),
    'backup.key.set': (input) => backups.setKey(input),
    'backup.key.remove': () => backups.removeKey(),
    'restore.inspect': ({ path, passphrase, identity }) => backups.inspect(path, unlock(passphrase, identity)),
    'restore.run': ({ jobId, path, passphrase, identity }) => backups.restore(jobId, path, unlock(passphrase, identity)),
  };
}

export function storeEventSources({ bcmStore, backups }: StoreDeps): Pick<EventSources, StoreEvent> {
  return {
    'backup.progress': (_params, emit) => backups.onProgress(emit),
    'store.changed': (_params, emit) => bcmStore.onChange(emit),
  };
}
