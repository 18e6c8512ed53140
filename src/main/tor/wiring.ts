import { join } from 'node:path';
import type { Endpoint } from '../../shared/endpoints';
import { BcmError } from '../../shared/errors';
import { ensureClientIdentity } from '../endpoints/identity';
import { LxdClient, createUnixTransport, findLocalSocket } from '../lxd';
import type { SecretStore } from '../store/secrets';
import { TorFeature } from './feature';
import type { ConfigWriter } from './settings';

/** Builds the Tor feature for the app context (one call there) and starts it when needed. */
export async function createTorFeature(opts: {
  home: string;
  secrets: SecretStore;
  /** commits config.json changes (the BcmStore) */
  configWriter?: ConfigWriter;
  registry: {
    list(): Promise<Endpoint[]>;
    adopt(endpoint: Endpoint): Promise<Endpoint>;
    onRemoved(listener: (name: string) => void): () => void;
  };
}): Promise<TorFeature> {
  let local: LxdClient | undefined;
  const feature = new TorFeature({
    home: opts.home,
    stateDir: join(opts.home, 'state', 'tor'),
    secretsDir: join(opts.home, 'secrets'),
    secrets: opts.secrets,
    identity: () => ensureClientIdentity(opts.secrets),
    endpoints: () => opts.registry,
    ...(opts.configWriter ? { configWriter: opts.configWriter } : {}),
    localLxd: async () => {
      if (local) return local;
      const found = await findLocalSocket();
      if (found.state !== 'ready' || !found.socketPath) {
        throw new BcmError('LXD_MISSING', `${found.message}${found.nextStep ? ` ${found.nextStep}` : ''}`);
      }
      local = new LxdClient(createUnixTransport(found.socketPath));
      return local;
    },
  });
  await feature.init();
  return feature;
}
