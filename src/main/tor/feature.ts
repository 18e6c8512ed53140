import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { OnionService, PairingExport, PairingProgress, PairingSummary } from '../../shared/channels/tor';
import type { Endpoint } from '../../shared/endpoints';
import { BcmError } from '../../shared/errors';
import { createHttpsTransport, type LxdClient, type LxdTransport } from '../lxd';
import { clientAuthSecretName, OnionClientKeys, parseAuthPrivate } from './client-auth';
import { OnionServiceManager } from './onion-service';
import { createOnionTransport } from './onion-transport';
import { decodePairing, summarise } from './pairing';
import { exportPairing, lxdTrustSource, onionTargetFor } from './pairing-export';
import { importPairing, type ClientIdentityPem } from './pairing-import';
import { FileOnionServiceStore } from './service-store';
import { TorService } from './service';
import { TorSettingsStore, type ConfigWriter } from './settings';

export interface TorFeatureDeps {
  /** ~/.bcm */
  home: string;
  /** Tor's own folder (torrc, data): machine state, not in the history (~/.bcm/state/tor) */
  stateDir: string;
  /** commits config.json changes (the BcmStore) */
  configWriter?: ConfigWriter;
  /** ~/.bcm/secrets */
  secretsDir: string;
  secrets: { read(name: string): Promise<string | undefined>; write(name: string, value: string): Promise<void> };
  identity: () => Promise<ClientIdentityPem>;
  /** the endpoint registry (a getter: it is built with this feature's transport) */
  endpoints: () => {
    list(): Promise<Endpoint[]>;
    adopt(endpoint: Endpoint): Promise<Endpoint>;
    onRemoved(listener: (name: string) => void): () => void;
  };
  /** this computer's LXD over its unix socket (to publish it and to make trust tokens) */
  localLxd: () => Promise<LxdClient>;
  env?: NodeJS.ProcessEnv;
}

/**
 * Everything Tor in the app: BCM's Tor process, onion endpoints (client side: keys, transport,
 * pairing import) and onion services published from this computer (server side: key, clients,
 * pairing export). The IPC handlers and the endpoint registry use this.
 */
export class TorFeature {
  readonly settings: TorSettingsStore;
  readonly tor: TorService;
  readonly keys: OnionClientKeys;
  readonly services: OnionServiceManager;
  private importing: AbortController | undefined;
  private readonly progressListeners = new Set<(p: PairingProgress) => void>();
  private unsubscribeRemoved: (() => void) | undefined;

  constructor(private readonly deps: TorFeatureDeps) {
    this.settings = new TorSettingsStore(deps.home, deps.env, deps.configWriter);
    this.tor = new TorService({ dir: deps.stateDir, settings: () => this.settings.runtime() });
    this.keys = new OnionClientKeys(this.tor, deps.secrets);
    this.services = new OnionServiceManager(new FileOnionServiceStore(join(deps.secretsDir, 'onion-services')), () => this.tor.control);
    this.tor.onReady(() => this.services.restore());
  }

  /** Subscribes to endpoint removals and starts Tor when something needs it (onion endpoints or published services). */
  async init(): Promise<void> {
    this.unsubscribeRemoved = this.deps.endpoints().onRemoved((name) => void this.endpointRemoved(name));
    const [endpoints, services] = await Promise.all([this.deps.endpoints().list().catch(() => []), this.services.list().catch(() => [])]);
    if (endpoints.some((e) => e.kind === 'onion') || services.some((s) => s.clients.length > 0)) {
      this.tor.start().catch(() => undefined); // the Tor page shows why it failed
    }
  }

  /** The LXD transport of an onion endpoint (for EndpointRegistry). */
  onionTransport(endpoint: Endpoint, identity: ClientIdentityPem): LxdTransport {
    const serviceId = endpoint.address.split(':')[0]?.replace(/\.onion$/, '') ?? '';
    const secret = endpoint.onionClientAuth ?? clientAuthSecretName(endpoint.name);
    const fingerprint = endpoint.serverFingerprint;
    if (!fingerprint) throw new BcmError('STORE_ERROR', `The onion endpoint "${endpoint.name}" has no pinned certificate; remove it and import its pairing bundle again.`);
    return createOnionTransport({
      address: endpoint.address,
      serverFingerprint: fingerprint,
      prepare: async (signal) => {
        await this.tor.ready(signal);
        await this.keys.ensure(serviceId, secret);
        return this.tor.socks();
      },
      current: () => this.tor.socks(),
      create: (socks) =>
        createHttpsTransport({
          address: endpoint.address,
          clientCertPem: identity.certPem,
          clientKeyPem: identity.keyPem,
          serverFingerprint: fingerprint,
          ...(endpoint.serverCertificate ? { serverCertificatePem: endpoint.serverCertificate } : {}),
          socksProxy: socks,
        }),
    });
  }

  private async endpointRemoved(name: string): Promise<void> {
    const secret = clientAuthSecretName(name);
    const parsed = parseAuthPrivate((await this.deps.secrets.read(secret).catch(() => undefined)) ?? '');
    if (parsed) await this.keys.forget(parsed.serviceId);
    await rm(join(this.deps.secretsDir, secret), { force: true });
  }

  onImportProgress(listener: (p: PairingProgress) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  inspect(text: string): PairingSummary {
    return summarise(decodePairing(text));
  }

  async importPairing(text: string, name: string): Promise<Endpoint> {
    if (this.importing) throw new BcmError('CONFLICT', 'Another pairing bundle is being imported. Wait for it, or cancel it.');
    const abort = new AbortController();
    this.importing = abort;
    const emit = (p: PairingProgress): void => {
      for (const l of this.progressListeners) l(p);
    };
    const stopFollowing = this.tor.onStatus((s) => {
      if (s.bootstrap && (s.state === 'bootstrapping' || s.state === 'starting')) {
        emit({ step: 'tor', state: 'active', progress: s.bootstrap.progress, message: s.bootstrap.summary });
      }
    });
    try {
      return await importPairing(text, name, {
        torReady: async (signal) => {
          await this.tor.ready(signal);
          return this.tor.socks();
        },
        giveKey: (serviceId, secret) => this.keys.ensure(serviceId, secret),
        forgetKey: (serviceId) => this.keys.forget(serviceId),
        secrets: {
          write: (n, v) => this.deps.secrets.write(n, v),
          remove: (n) => rm(join(this.deps.secretsDir, n), { force: true }),
        },
        identity: this.deps.identity,
        endpoints: {
          exists: async (n) => (await this.deps.endpoints().list()).some((e) => e.name === n),
          adopt: (e) => this.deps.endpoints().adopt(e),
        },
        progress: emit,
        signal: abort.signal,
      });
    } finally {
      stopFollowing();
      this.importing = undefined;
    }
  }

  cancelImport(): boolean {
    if (!this.importing) return false;
    this.importing.abort();
    return true;
  }

  listServices(): Promise<OnionService[]> {
    return this.services.list();
  }

  /** Publishes this computer's LXD API (core.https_address) as an onion service (no client yet). */
  async publishLocal(name: string): Promise<OnionService> {
    const lxd = await this.deps.localLxd();
    const server = await lxd.server.get();
    const httpsAddress = typeof server.config?.['core.https_address'] === 'string' ? server.config['core.https_address'] : undefined;
    return this.services.publish({ name, virtualPort: 8443, target: onionTargetFor(httpsAddress) });
  }

  /** Authorises a client of a service published from this computer and returns its pairing bundle. */
  async addClient(service: string, clientName: string): Promise<PairingExport> {
    await this.tor.ready();
    const lxd = await this.deps.localLxd();
    return exportPairing({ manager: this.services, service, clientName, lxd: lxdTrustSource(lxd), endpointName: service });
  }

  revokeClient(service: string, clientName: string): Promise<OnionService> {
    return this.services.revokeClient(service, clientName);
  }

  removeService(service: string): Promise<void> {
    return this.services.unpublish(service);
  }

  async close(): Promise<void> {
    this.unsubscribeRemoved?.();
    this.importing?.abort();
    this.services.close();
    await this.tor.close();
  }
}
