import type { torEventChannels, torInvokeChannels } from '../../../shared/channels/tor';
import type { TorFeature } from '../../tor/feature';
import type { EventSources, Handlers } from '../router';

export interface TorDeps {
  tor: TorFeature;
}

type TorChannel = keyof typeof torInvokeChannels;
type TorEvent = keyof typeof torEventChannels;

/** Binds the Tor channels to the Tor feature. Thin: no logic here. */
export function torHandlers({ tor }: TorDeps): Pick<Handlers, TorChannel> {
  return {
    'tor.status': async () => tor.tor.status(),
    'tor.start': async () => {
      // returns once launched; bootstrap progress follows on the tor.status stream
      await tor.tor.start().catch(() => undefined);
      return tor.tor.status();
    },
    'tor.stop': async () => {
      await tor.tor.stop();
      return tor.tor.status();
    },
    'tor.logs': async () => tor.tor.recentLogs(),
    'tor.settings.get': () => tor.settings.get(),
    'tor.settings.set': (input) => tor.settings.set(input),
    'tor.services.list': () => tor.listServices(),
    'tor.services.publishLocal': ({ name }) => tor.publishLocal(name),
    'tor.services.remove': async ({ service }) => {
      await tor.removeService(service);
      return { removed: service };
    },
    'tor.clients.add': ({ service, client }) => tor.addClient(service, client),
    'tor.clients.revoke': ({ service, client }) => tor.revokeClient(service, client),
    'tor.pairing.inspect': async ({ bundle }) => tor.inspect(bundle),
    'tor.pairing.import': ({ bundle, name }) => tor.importPairing(bundle, name),
    'tor.pairing.cancel': async () => ({ cancelled: tor.cancelImport() }),
  };
}

export function torEventSources({ tor }: TorDeps): Pick<EventSources, TorEvent> {
  return {
    'tor.status': (_params, emit) => {
      // the current status first, after the transport has confirmed the subscription
      let open = true;
      queueMicrotask(() => {
        if (open) emit(tor.tor.status());
      });
      const stop = tor.tor.onStatus(emit);
      return () => {
        open = false;
        stop();
      };
    },
    'tor.log': (_params, emit) => tor.tor.onLog(emit),
    'tor.pairing.progress': (_params, emit) => tor.onImportProgress(emit),
  };
}
