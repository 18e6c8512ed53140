import type { multipassEventChannels, multipassInvokeChannels } from '../../../shared/channels/multipass';
import type { MultipassService } from '../../multipass/service';
import type { EventSources, Handlers } from '../router';

export interface MultipassDeps {
  multipass: MultipassService;
}

type MultipassChannel = keyof typeof multipassInvokeChannels;
type MultipassEvent = keyof typeof multipassEventChannels;

/** Binds the multipass channels to the service. Thin: no logic here. */
export function multipassHandlers({ multipass }: MultipassDeps): Pick<Handlers, MultipassChannel> {
  return {
    'multipass.detect': () => multipass.detect(),
    'multipass.create': ({ jobId, ...req }) => multipass.create(jobId, req),
    'multipass.cancel': async ({ jobId }) => ({ cancelled: multipass.cancel(jobId) }),
    'multipass.jobs': async () => multipass.listJobs(),
    'multipass.vms': () => multipass.vms(),
    'multipass.forEndpoint': ({ endpoint }) => multipass.forEndpoint(endpoint),
    'multipass.info': ({ name }) => multipass.info(name),
    'multipass.setState': ({ name, action }) => multipass.setState(name, action),
    'multipass.delete': ({ name, confirm }) => multipass.delete(name, confirm),
  };
}

export function multipassEventSources({ multipass }: MultipassDeps): Pick<EventSources, MultipassEvent> {
  return {
    'multipass.progress': (_params, emit) => multipass.onProgress(emit),
  };
}
