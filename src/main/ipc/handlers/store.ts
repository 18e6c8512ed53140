import type { storeEventChannels, storeInvokeChannels } from '../../../shared/channels/store';
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
    'restore.inspect': ({ path, passphrase }) => backups.inspect(path, passphrase),
    'restore.run': ({ jobId, path, passphrase }) => backups.restore(jobId, path, passphrase),
  };
}

export function storeEventSources({ bcmStore, backups }: StoreDeps): Pick<EventSources, StoreEvent> {
  return {
    'backup.progress': (_params, emit) => backups.onProgress(emit),
    'store.changed': (_params, emit) => bcmStore.onChange(emit),
  };
}
