import type { AppManifest } from '../../../shared/apps/manifest';
import type { AppOnionClientKey, AppOnionStatus } from '../../../shared/channels/app-onions';
import type { AppOnionPort } from '../../../shared/datacenter/spec';
import { BcmError } from '../../../shared/errors';
import { torClientAuthLine } from '../../../shared/services/lndconnect';
import type { SecretStore } from '../../store/secrets';
import { generateClientAuthKeyPair } from '../../tor/keys';
import { pairingQrSvg } from '../../tor/pairing';
import { addressesFor } from '../naming';
import { applyGatewayOnion } from '../remote-access/gateway-onion';
import type { OnionClientEntry } from '../remote-access/onion-files';
import { writeClientList } from '../remote-access/state';
import { assertNewClient, changeClients, findGateway, notWhileRunning, publicationOf, withoutClient, DatacenterQueue, type GatewayOnionDeps, type GatewayRef } from '../gateway-onion/gateway';
import { appOnionDir, appOnionId, appOnionMark, declaredOnion, wantedAppOnions, type AppOnion } from './files';
import { activeOnions, appOnionClients, appOnionClientsSecret, appOnionKey, appOnionSlot, appOnionState } from './state';

export interface AppOnionDeps extends GatewayOnionDeps {
  secrets: SecretStore;
  apps: { load(): Promise<{ manifests: Record<string, AppManifest> }> };
}

/**
 * The onion ports a datacenter's apps publish: their addresses, and client keys made and revoked.
 * Only a port the app's manifest declares, and the spec publishes, is served.
 */
export class AppOnionService {
  private readonly queue = new DatacenterQueue();

  constructor(private readonly deps: AppOnionDeps) {}

  async status(name: string): Promise<AppOnionStatus[]> {
    const spec = await this.deps.datacenters.get(name);
    const manifests = (await this.deps.apps.load()).manifests;
    const out: AppOnionStatus[] = [];
    for (const o of wantedAppOnions(spec, addressesFor(spec))) out.push(await this.statusOf(await findGateway(this.deps, name, appOnionMark(o.id)), o, manifests[o.app]));
    return out;
  }

  private async statusOf(gw: GatewayRef, o: AppOnion, manifest: AppManifest | undefined): Promise<AppOnionStatus> {
    const name = gw.spec.name;
    const key = await appOnionKey(this.deps.secrets, name, o.id);
    const clients = await appOnionClients(this.deps.secrets, name, o.id);
    const declared = declaredOnion(manifest, o);
    const base = {
      app: o.app,
      appTitle: manifest?.metadata.title ?? o.app,
      container: o.container,
      port: o.port,
      description: declared?.description ?? 'not declared by the app’s manifest',
      clients: clients.map((c) => ({ name: c.name, addedAt: c.addedAt })),
      ready: declared !== undefined && gw.status === 'running' && gw.record !== undefined && key !== undefined,
      ...(key ? { onionAddress: `${key.serviceId}.onion` } : {}),
    };
    if (!declared) return { ...base, published: false, message: `The app’s manifest does not declare port ${o.port} of ${o.container} for onion: turn it off in the datacenter’s settings.` };
    if (gw.status !== 'running') return { ...base, published: false, message: 'The gateway is not running, so the onion service is offline. Apply the datacenter.' };
    if (!gw.record || !key) return { ...base, published: false, message: 'Apply the datacenter to set up this onion service on its gateway.' };
    if (clients.length === 0) return { ...base, published: false, message: 'No client key yet: the onion service is published once you make one.' };
    const publication = await publicationOf(gw, appOnionDir(o.id), key.serviceId, {
      otherAddress: 'The gateway’s Tor does not serve this address. Apply the datacenter again.',
      publishing: 'The gateway’s Tor is publishing this address; clients reach it once a directory has stored it (usually within a minute).',
    });
    return { ...base, ...publication };
  }

  /** The wanted onion for `port`, its manifest and its gateway; refused unless the manifest declares it and the spec publishes it. */
  private async find(name: string, port: AppOnionPort): Promise<{ gw: GatewayRef; onion: AppOnion; manifest: AppManifest | undefined }> {
    const spec = await this.deps.datacenters.get(name);
    const onion = wantedAppOnions(spec, addressesFor(spec)).find((o) => o.id === appOnionId(port));
    if (!onion) throw new BcmError('NOT_FOUND', `"${name}" does not publish port ${port.port} of ${port.container} over onion. Turn it on in the datacenter’s settings and apply.`, { reason: 'app-onion-off' });
    const manifest = (await this.deps.apps.load()).manifests[onion.app];
    if (!declaredOnion(manifest, port)) {
      throw new BcmError('VALIDATION', `The manifest of ${onion.app} does not declare port ${port.port} of ${port.container} as one it may publish over onion.`, { reason: 'app-onion-undeclared' });
    }
    return { gw: await findGateway(this.deps, name, appOnionMark(onion.id)), onion, manifest };
  }

  private async push(gw: GatewayRef, o: AppOnion, clients: OnionClientEntry[], revoking = false): Promise<void> {
    const key = await appOnionKey(this.deps.secrets, gw.spec.name, o.id);
    if (!key) throw new BcmError('PRECONDITION_FAILED', 'Apply the datacenter first: it makes this onion service’s key.', { reason: 'app-onion-no-key' });
    const state = appOnionState(gw.spec, await activeOnions(this.deps.secrets, gw.spec), o, key, clients);
    await applyGatewayOnion({ client: gw.client, project: gw.project, instance: gw.instance }, state, appOnionSlot(o), { revoking });
  }

  addClient(name: string, port: AppOnionPort, client: string): Promise<AppOnionClientKey> {
    return this.queue.run(name, async () => {
      notWhileRunning(this.deps, name);
      const { gw, onion, manifest } = await this.find(name, port);
      const key = await appOnionKey(this.deps.secrets, name, onion.id);
      if (gw.status !== 'running' || !gw.record || !key) {
        throw new BcmError('PRECONDITION_FAILED', `The gateway of "${name}" is not running with this onion service set up. Apply the datacenter, then make a key.`, { reason: 'gateway-not-ready' });
      }
      const before = await appOnionClients(this.deps.secrets, name, onion.id);
      assertNewClient(before, client, `A client named "${client}" already has a key for this onion service. Choose another name, or revoke that one first.`, 'client');
      const pair = generateClientAuthKeyPair();
      const after = [...before, { name: client, publicKey: pair.publicKey, addedAt: new Date().toISOString() }];
      await changeClients({ before, after, push: (clients) => this.push(gw, onion, clients), save: (clients) => writeClientList(this.deps.secrets, appOnionClientsSecret(name, onion.id), clients) });
      const onionAddress = `${key.serviceId}.onion`;
      const clientAuth = torClientAuthLine(onionAddress, pair.privateKey);
      return { client, onionAddress, port: onion.port, clientAuth, clientAuthQrSvg: await pairingQrSvg(clientAuth), status: await this.statusOf(gw, onion, manifest) };
    });
  }

  revokeClient(name: string, port: AppOnionPort, client: string): Promise<AppOnionStatus> {
    return this.queue.run(name, async () => {
      const { gw, onion, manifest } = await this.find(name, port);
      const after = withoutClient(await appOnionClients(this.deps.secrets, name, onion.id), client, `No client named "${client}" has a key for this onion service.`);
      // saved first: if the gateway is unreachable now, the next apply leaves the client out
      await writeClientList(this.deps.secrets, appOnionClientsSecret(name, onion.id), after);
      if (gw.status === 'running' && gw.record && !this.deps.datacenters.runs.isRunning(name)) await this.push(gw, onion, after, true);
      return this.statusOf(gw, onion, manifest);
    });
  }
}
