import { platform } from 'node:os';
import type { InvokeOutput } from '../shared/contract';
import { artifactProvider, recipeFor } from './datacenter/parts';
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

export interface AppContext {
  router: Router;
  home: string;
  close(): Promise<void>;
}

/** Wires the store, the domain services and the router. Shared by Electron and the browser host. */
export async function createAppContext(options: {
  transport: InvokeOutput<'app.info'>['transport'];
  version: string;
  home?: string;
}): Promise<AppContext> {
  const home = options.home ?? bcmHome();
  const dirs = layout(home);
  const secrets = new SecretStore(dirs);
  const registry = new EndpointRegistry(new EndpointStore(dirs), secrets);
  const instances = new InstanceService(registry);
  const datacenters = new DatacenterService({ registry, store: new DatacenterStore(dirs), secrets, recipeFor, artifacts: artifactProvider });
  const terminals = new TerminalService((endpoint) => registry.client(endpoint));
  const logs = new LogService((endpoint) => registry.client(endpoint));
  const deps = {
    info: { version: options.version, platform: platform(), bcmHome: home, transport: options.transport },
    registry,
    instances,
    datacenters,
    terminals,
    logs,
  };
  return {
    router: createRouter(createHandlers(deps), createEventSources(deps)),
    home,
    close: async () => {
      logs.closeAll();
      await terminals.closeAll();
      registry.close();
    },
  };
}
