import type { InvokeOutput } from '../../../shared/contract';
import type { EventSources, Handlers } from '../router';
import { endpointEventSources, endpointHandlers, type EndpointDeps } from './endpoints';

export interface HandlerDeps extends EndpointDeps {
  info: InvokeOutput<'app.info'>;
}

/** Every contract channel bound to its domain service; one module per capability. */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    'app.info': async () => deps.info,
    ...endpointHandlers(deps),
  };
}

export function createEventSources(deps: HandlerDeps): EventSources {
  return {
    ...endpointEventSources(deps),
  };
}
