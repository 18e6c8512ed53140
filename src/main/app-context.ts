import { join } from 'node:path';
import { AppRegistry, builtinAppsDir } from './apps/registry';
import { BcmError } from '../shared/errors';
import { platform } from 'node:os';
import type { InvokeOutput } from '../shared/contract';
import { createChannelWatch, createStoreServices, openStore } from './backup/wiring';
import { createArtifactProvider } from './artifacts';
import { recipeFor, secretGenerators } from './datacenter/components';
import { DatacenterService } from './datacenter/service';
import { DatacenterStore } from './datacenter/spec-store';
import { InstanceService } from './endpoints/instances';
import { EndpointRegistry } from './endpoints/registry';
import { createEventSources, createHandlers } from './ipc/handlers/index';
import { createRouter, type Router } from './ipc/router';
import { LogService } from './logs/service';
import { EndpointStore } from './store/endpoints-store';
import { bcmHome, layout } from './store/paths';
import { SecretStore } from './store/secrets';
import { TerminalService } from './terminal/service';
import { createTorFeature } from './tor/wiring';
import { MultipassService, VmStore } from './multipass';
import { createMessagingService } from './services/messaging';
import { ServicesService } from './services/core/service';
import { RemoteAccessService } from './datacenter/remote-access/service';
import { WalletPairingService } from './datacenter/wallet-onion/service';
import { AppOnionService } from './datacenter/app-onion/service';
import { createMonitor } from './monitor/wiring';
import { namesFor } from './datacenter/naming';
import type { MonitorService } from './monitor/service';
import { SnapshotService } from './datacenter/snapshots/service';
import { storeSnapshotSettings } from './datacenter/snapshots/settings';

export interface AppContext {
  router: Router;
  home: string;
  /** alerts while the app runs: Electron shows new ones as native notifications */
  monitor: MonitorService;
  close(): Promise<void>;
}

/** Wires the store, the domain services and the router. Shared by Electron and the browser host. */
export async function createAppContext(options: {
  transport: InvokeOutput<'app.info'>['transport'];
  version: string;
  home?: string;
  /** false: do not start checking (contract tests); default on */
  monitor?: boolean;
}): Promise<AppContext> {
  const home = options.home ?? bcmHome();
  const dirs = layout(home);
  const secrets = new SecretStore(dirs);
  const bcmStore = await openStore(home); // ~/.bcm under git: every change below is a commit
  const registry = new EndpointRegistry(new EndpointStore(dirs, bcmStore), secrets, (endpoint, identity) => tor.onionTransport(endpoint, identity));
  const tor = await createTorFeature({ home, secrets, configWriter: bcmStore, registry }); // BCM's Tor, onion endpoints and services
  const storeServices = createStoreServices({
    bcmStore,
    secrets,
    version: options.version,
    clientFor: (e) => registry.client(e),
    dropClients: () => registry.close(),
    // a restore swaps ~/.bcm: no deploy may be running, and Tor (its state is in ~/.bcm) and the
    // backup schedule stop first and start again after
    pauseForRestore: async (scheduler) => {
      const busy = datacenters.runs.running();
      if (busy.length > 0) throw new BcmError('CONFLICT', `A deploy of ${busy.join(', ')} is running. Wait for it to finish (or cancel it), then restore.`);
      scheduler.stop();
      const torWasOn = tor.tor.status().state !== 'stopped';
      if (torWasOn) await tor.tor.stop();
      return async () => {
        scheduler.start();
        if (torWasOn) await tor.tor.start();
      };
    },
  });
  const instances = new InstanceService(registry);
  const snapshotSettings = storeSnapshotSettings(bcmStore); // config.json "snapshots": how many to keep (issue 12)
  const appRegistry = new AppRegistry({ builtin: builtinAppsDir(), user: dirs.apps });
  const datacenters = new DatacenterService({ registry, store: new DatacenterStore(dirs, bcmStore), secrets, recipeFor, secretGenerators, artifacts: createArtifactProvider(), apps: appRegistry, snapshotSettings, snapshotsBusy: (name): string | undefined => snapshots.busy(name) });
  const terminals = new TerminalService((endpoint) => registry.client(endpoint));
  const logs = new LogService((endpoint) => registry.client(endpoint));
  const messaging = createMessagingService({ spec: (name) => datacenters.get(name), client: (endpoint) => registry.client(endpoint) }); // Kafka dashboards (issue 4)
  const multipass = new MultipassService({ store: new VmStore(dirs.runtime, bcmStore), endpoints: registry }); // new VMs on this computer
  const remoteAccess = new RemoteAccessService({ registry, secrets, datacenters }); // a datacenter's onion service (issue 6)
  const walletPairing = new WalletPairingService({ registry, secrets, datacenters }); // lnd over the gateway's onion for mobile wallets (issue 13)
  const appOnions = new AppOnionService({ registry, secrets, datacenters, apps: appRegistry }); // apps' declared onion ports
  const services = new ServicesService({ datacenters, registry, secrets, recoveryDir: join(dirs.root, 'recovery') }); // the node and Lightning dashboards, live through LXD
  const monitor = createMonitor({ bcmStore, datacenters, registry, services }); // alerts while the app runs (issue 13)
  if (options.monitor !== false) await monitor.start();
  const channelWatch = createChannelWatch({
    datacenters,
    services,
    ...storeServices,
    deployed: async (name) => (await registry.client((await datacenters.get(name)).endpoint)).projects.exists(namesFor(name).project),
  }); // backups after channel changes (issue 13)
  if (options.monitor !== false) channelWatch.start();
  const snapshots = new SnapshotService({ registry, datacenters, settings: snapshotSettings }); // day two: snapshots and restores (issue 12)
  const deps = {
    info: { version: options.version, platform: platform(), bcmHome: home, transport: options.transport },
    registry,
    instances,
    datacenters,
    terminals,
    logs,
    tor,
    multipass,
    messaging,
    services,
    remoteAccess,
    walletPairing,
    appOnions,
    monitor,
    snapshots,
    ...storeServices,
  };
  return {
    router: createRouter(createHandlers(deps), createEventSources(deps)),
    home,
    monitor,
    close: async () => {
      monitor.stop();
      channelWatch.stop();
      storeServices.scheduler.stop();
      logs.closeAll();
      multipass.close();
      await messaging.closeAll();
      services.close();
      await terminals.closeAll();
      registry.close();
      await tor.close();
    },
  };
}
