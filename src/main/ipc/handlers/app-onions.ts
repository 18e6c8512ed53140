import type { appOnionInvokeChannels } from '../../../shared/channels/app-onions';
import type { AppOnionService } from '../../datacenter/app-onion/service';
import type { Handlers } from '../router';

export interface AppOnionDeps {
  appOnions: AppOnionService;
}

type AppOnionChannel = keyof typeof appOnionInvokeChannels;

/** Apps' declared onion ports published from the gateway's Tor, and their client keys. */
export function appOnionHandlers({ appOnions }: AppOnionDeps): Pick<Handlers, AppOnionChannel> {
  return {
    'datacenters.appOnions.status': ({ name }) => appOnions.status(name),
    'datacenters.appOnions.clients.add': ({ name, container, port, client }) => appOnions.addClient(name, { container, port }, client),
    'datacenters.appOnions.clients.revoke': ({ name, container, port, client }) => appOnions.revokeClient(name, { container, port }, client),
  };
}
