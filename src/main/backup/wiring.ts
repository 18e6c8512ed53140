import { BcmStore } from '../store/bcm-store';
import { HistoryService } from '../store/history-service';
import type { SecretStore } from '../store/secrets';
import type { ClientFor } from './channels';
import { ChannelWatcher } from './channel-watch';
import { BackupScheduler } from './schedule';
import { BackupService } from './service';
import { readLastBackup } from './state';

export interface StoreServices {
  bcmStore: BcmStore;
  history: HistoryService;
  backups: BackupService;
  scheduler: BackupScheduler;
}

/** Opens ~/.bcm with its history (created on first start). */
export async function openStore(home: string): Promise<BcmStore> {
  const bcmStore = new BcmStore(home);
  try {
    await bcmStore.open();
  } catch (err) {
    // the app still runs; the history and backup screens show the error
    console.error(`[bcm] the history of ${home} could not be opened: ${(err as Error).message}`);
  }
  return bcmStore;
}

/**
 * The history, backup and restore services over one store. `dropClients` runs when ~/.bcm is
 * swapped under the app (a restore): cached LXD clients belong to the old store.
 */
export function createStoreServices(options: {
  bcmStore: BcmStore;
  secrets: SecretStore;
  version: string;
  clientFor: ClientFor;
  dropClients: () => void | Promise<void>;
  /** what a restore stops first and restarts after (see BackupServiceDeps.pauseForRestore) */
  pauseForRestore?: (scheduler: BackupScheduler) => Promise<() => Promise<void>>;
}): StoreServices {
  const { bcmStore } = options;
  const history = new HistoryService(bcmStore, options.dropClients);
  const backups: BackupService = new BackupService({
    store: bcmStore,
    secrets: options.secrets,
    appVersion: options.version,
    clientFor: options.clientFor,
    afterRestore: options.dropClients,
    ...(options.pauseForRestore ? { pauseForRestore: (): Promise<() => Promise<void>> => options.pauseForRestore!(scheduler) } : {}),
  });
  const scheduler: BackupScheduler = new BackupScheduler(
    {
      settings: () => backups.settings(),
      lastBackup: () => readLastBackup(bcmStore),
      busy: () => backups.busy(),
      createUnattended: (trigger, datacenters) => backups.createUnattended(trigger, datacenters),
    },
    { log: (line) => console.error(line) },
  );
  scheduler.start();
  return { bcmStore, history, backups, scheduler };
}

/**
 * Backups after channel changes: lnd's SubscribeChannelBackups of every datacenter with lnd
 * while the switch is on (and a backup key is set) drives the scheduler; Status shows the streams.
 */
export function createChannelWatch(deps: {
  datacenters: { list(): Promise<{ name: string; lightning: { lnd: boolean; clightning: boolean } }[]> };
  services: { subscribeChannelBackups(datacenter: string, onOpen: () => void, onChange: () => void, signal: AbortSignal): Promise<void> };
  backups: BackupService;
  scheduler: BackupScheduler;
  /** whether a datacenter is deployed (its LXD project exists); an unreachable endpoint counts as deployed, so its stream says why */
  deployed?: (datacenter: string) => Promise<boolean>;
}): ChannelWatcher {
  const watch = new ChannelWatcher({
    targets: async () => {
      const withLnd = (await deps.datacenters.list()).filter((s) => s.lightning.lnd).map((s) => s.name);
      const deployed = await Promise.all(withLnd.map((dc) => (deps.deployed ? deps.deployed(dc).catch(() => true) : Promise.resolve(true))));
      return withLnd.filter((_dc, i) => deployed[i]);
    },
    enabled: async () => {
      const settings = await deps.backups.settings();
      return settings.afterChannelChange && settings.key !== null;
    },
    subscribe: (dc, onOpen, onChange, signal) => deps.services.subscribeChannelBackups(dc, onOpen, onChange, signal),
    changed: (dc) => deps.scheduler.channelStateChanged(dc),
    // a change while no stream listened (the app closed, lnd restarting): the node's static channel
    // backup differs from the last archive's, or was never archived
    opened: (dc) =>
      void deps.backups
        .checkChannels()
        .then((state) => {
          if (state.changed.some((c) => c.datacenter === dc)) deps.scheduler.channelStateChanged(dc);
        })
        .catch((err: unknown) => console.error(`[bcm] channel check of ${dc} failed: ${(err as Error).message}`)),
    // Core Lightning streams nothing: its emergency.recover is compared with the last archive's each minute
    poll: async () => {
      const withCln = new Set((await deps.datacenters.list()).filter((s) => s.lightning.clightning).map((s) => s.name));
      if (withCln.size === 0) return;
      const state = await deps.backups.checkChannels();
      for (const dc of new Set(state.changed.filter((c) => c.node === 'clightning' && withCln.has(c.datacenter)).map((c) => c.datacenter))) deps.scheduler.channelStateChanged(dc);
    },
    log: (line) => console.error(line),
  });
  deps.backups.setTriggerView(() => ({ watching: watch.view(), pendingSince: deps.scheduler.pendingSince() }));
  deps.backups.onSettingsChanged(() => void watch.reconcile()); // the switch takes effect at once
  return watch;
}
