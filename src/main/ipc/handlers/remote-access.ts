import type { remoteAccessInvokeChannels } from '../../../shared/channels/remote-access';
import type { RemoteAccessService } from '../../datacenter/remote-access/service';
import type { Handlers } from '../router';

export interface RemoteAccessDeps {
  remoteAccess: RemoteAccessService;
}

type RemoteAccessChannel = keyof typeof remoteAccessInvokeChannels;

/** Binds the remote-access channels (issue 6, server side). Thin: no logic here. */
export function remoteAccessHandlers({ remoteAccess }: RemoteAccessDeps): Pick<Handlers, RemoteAccessChannel> {
  return {
    'datacenters.remoteAccess.status': ({ name }) => remoteAccess.status(name),
    'datacenters.remoteAccess.clients.add': ({ name, client }) => remoteAccess.addClient(name, client),
    'datacenters.remoteAccess.clients.revoke': ({ name, client }) => remoteAccess.revokeClient(name, client),
  };
}
