import { platform } from 'node:os';
import type { InvokeOutput } from '../shared/contract';
import { InstanceService } from './endpoints/instances';
import { EndpointRegistry } from './endpoints/registry';
import { createEventSources, createHandlers } from './ipc/handlers/index';
import { createRouter, type Router } from './ipc/router';
import { EndpointStore } from './store/endpoints-store';
import { bcmHome, layout } from './store/paths';
import { SecretStore } from './store/secrets';

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
  const registry = new EndpointRegistry(new EndpointStore(dirs), new SecretStore(dirs));
  const instances = new InstanceService(registry);
  const deps = {
    info: { version: options.version, platform: platform(), bcmHome: home, transport: options.transport },
    registry,
    instances,
  };
  return {
    router: createRouter(createHandlers(deps), createEventSources(deps)),
    home,
    close: async () => registry.close(),
  };
}
