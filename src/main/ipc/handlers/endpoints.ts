import type { endpointEventChannels, endpointInvokeChannels } from '../../../shared/channels/endpoints';
import type { EndpointRegistry } from '../../endpoints/registry';
import type { InstanceService } from '../../endpoints/instances';
import { setMemberState } from '../../endpoints/members';
import { endpointStatus } from '../../endpoints/status';
import type { EventSources, Handlers } from '../router';

export interface EndpointDeps {
  registry: EndpointRegistry;
  instances: InstanceService;
}

type EndpointChannel = keyof typeof endpointInvokeChannels;
type EndpointEvent = keyof typeof endpointEventChannels;

/** Binds the endpoint channels to the registry and the instance service. Thin: no logic here. */
export function endpointHandlers({ registry, instances }: EndpointDeps): Pick<Handlers, EndpointChannel> {
  return {
    'endpoints.list': () => registry.list(),
    'endpoints.problems': () => registry.problems(),
    'endpoints.status': ({ name }) => endpointStatus(name, () => registry.client(name)),
    'endpoints.detectLocal': () => registry.detectLocal(),
    'endpoints.addLocal': ({ name, socketPath }) => registry.addLocal(name, socketPath),
    'endpoints.probeRemote': ({ address }) => registry.probeRemote(address),
    'endpoints.addRemote': (input) => registry.addRemote(input),
    'endpoints.remove': async ({ name }) => {
      await registry.remove(name);
      return { removed: name };
    },
    'endpoints.memberState': async ({ name, member, action }) => {
      await setMemberState(await registry.client(name), member, action);
      return endpointStatus(name, () => registry.client(name));
    },
    'instances.list': ({ endpoint, project }) => instances.list(endpoint, project),
    'instances.setState': (input) => instances.setState(input),
    'instances.delete': async (input) => {
      await instances.delete(input);
      return { deleted: input.name };
    },
  };
}

export function endpointEventSources({ registry, instances }: EndpointDeps): Pick<EventSources, EndpointEvent> {
  return {
    'endpoints.changed': (_params, emit) => registry.onChanged(emit),
    'instances.events': (params, emit, fail) => instances.subscribe(params.endpoint, { emit, fail }),
  };
}
