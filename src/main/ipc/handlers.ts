import type { InvokeOutput } from '../../shared/contract';
import type { EndpointRegistry } from '../endpoints/registry';
import type { InstanceService } from '../endpoints/instances';
import { endpointStatus } from '../endpoints/status';
import type { EventSources, Handlers } from './router';

export interface HandlerDeps {
  info: InvokeOutput<'app.info'>;
  registry: EndpointRegistry;
  instances: InstanceService;
}

/** Binds each contract channel to the domain services. Thin: no logic lives here. */
export function createHandlers({ info, registry, instances }: HandlerDeps): Handlers {
  return {
    'app.info': async () => info,
    'endpoints.list': () => registry.list(),
    'endpoints.status': ({ name }) => endpointStatus(name, () => registry.client(name)),
    'endpoints.detectLocal': () => registry.detectLocal(),
    'endpoints.addLocal': ({ name, socketPath }) => registry.addLocal(name, socketPath),
    'endpoints.probeRemote': ({ address }) => registry.probeRemote(address),
    'endpoints.addRemote': (input) => registry.addRemote(input),
    'endpoints.remove': async ({ name }) => {
      await registry.remove(name);
      return { removed: name };
    },
    'instances.list': ({ endpoint, project }) => instances.list(endpoint, project),
    'instances.setState': (input) => instances.setState(input),
    'instances.delete': async (input) => {
      await instances.delete(input);
      return { deleted: input.name };
    },
  };
}

export function createEventSources({ registry, instances }: HandlerDeps): EventSources {
  return {
    'endpoints.changed': (_params, emit) => registry.onChanged(emit),
    'instances.events': (params, emit, fail) => instances.subscribe(params.endpoint, { emit, fail }),
  };
}
