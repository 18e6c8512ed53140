import { containersOf } from '../../../shared/datacenter/catalog';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import type { RemoteAccessStatus } from '../../../shared/channels/remote-access';
import type { OnionService, PairingExport } from '../../../shared/channels/tor';
import { BcmError } from '../../../shared/errors';
import type { EndpointRegistry } from '../../endpoints/registry';
import type { LxdClient } from '../../lxd';
import type { SecretStore } from '../../store/secrets';
import { generateClientAuthKeyPair } from '../../tor/keys';
import { encodePairing, pairingFileName, pairingQrSvg, summarise, type PairingBundle } from '../../tor/pairing';
import { lxdTrustSource } from '../../tor/pairing-export';
import { pairingTokenName } from '../naming';
import { namesFor } from '../naming';
import { applyGatewayOnion, readGatewayTor, readHostname } from './gateway-onion';
import { torNotConnected } from '../components/gateway-tor';
import { GATEWAY_LXD_TARGET, VIRTUAL_PORT, type OnionClientEntry } from './onion-files';
import { ONION_MARK } from './plan-onion';
import { walletPairingContext } from '../wallet-onion/state';
import { NOT_LISTENING, baseTorrcFor, clientsSecret, gatewayState, keySecret, lxdListenAddress, onionClients, onionKey, saveOnionClients } from './state';

const RUNNING = 103;

export interface RemoteAccessDeps {
  registry: Pick<EndpointRegistry, 'client'>;
  secrets: SecretStore;
  /** the datacenter's spec, and whether an apply/down is under way */
  datacenters: { get(name: string): Promise<DatacenterSpec>; runs: { isRunning(name: string): boolean } };
}

interface Gateway {
  spec: DatacenterSpec;
  client: LxdClient;
  project: string;
  instance: string;
  status: 'missing' | 'stopped' | 'running';
  record?: string;
}

/** Remote access of a deployed datacenter: its onion address and authorised clients. */
export class RemoteAccessService {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: RemoteAccessDeps) {}

  /** One change per datacenter at a time. */
  private serial<T>(name: string, work: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(name) ?? Promise.resolve()).then(work, work);
    this.queues.set(name, next.catch(() => undefined));
    return next;
  }

  private async gateway(name: string): Promise<Gateway> {
    const spec = await this.deps.datacenters.get(name);
    const client = await this.deps.registry.client(spec.endpoint);
    const project = namesFor(spec.name).project;
    const instance = containersOf(spec).find((c) => c.component === 'gateway')?.name ?? 'gateway';
    try {
      const inst = await client.instances.get(instance, { project });
      const record = inst.config?.[ONION_MARK];
      return { spec, client, project, instance, status: inst.status_code === RUNNING ? 'running' : 'stopped', ...(record ? { record } : {}) };
    } catch (err) {
      if (err instanceof BcmError && err.code === 'NOT_FOUND') return { spec, client, project, instance, status: 'missing' };
      throw err;
    }
  }

  async status(name: string): Promise<RemoteAccessStatus> {
    const gw = await this.gateway(name);
    const clients = await onionClients(this.deps.secrets, name);
    const keyText = await this.deps.secrets.read(keySecret(name));
    const serviceId = keyText === undefined ? undefined : (await onionKey(this.deps.secrets, name)).serviceId;
    const base = {
      datacenter: name,
      enabled: gw.spec.remoteAccess,
      port: VIRTUAL_PORT,
      clients: clients.map((c) => ({ name: c.name, addedAt: c.addedAt })),
      ready: gw.spec.remoteAccess && gw.status === 'running' && gw.record !== undefined,
      ...(serviceId ? { onionAddress: `${serviceId}.onion` } : {}),
    };
    if (!gw.spec.remoteAccess) return { ...base, published: false, message: 'Remote access is off. Turn it on in the datacenter’s settings and re-apply.' };
    if (gw.status === 'missing') return { ...base, published: false, message: 'The datacenter is not deployed. Apply it to publish the onion service.' };
    if (gw.status === 'stopped') return { ...base, published: false, message: 'The gateway is stopped, so the onion service is offline. Re-apply the datacenter.' };
    if (!gw.record) return { ...base, published: false, message: 'Re-apply the datacenter to set up remote access on its gateway.' };
    if (clients.length === 0) return { ...base, published: false, message: 'No client is authorised yet: the onion service is published once you add one.' };
    const t = { client: gw.client, project: gw.project, instance: gw.instance };
    const hostname = await readHostname(t);
    if (serviceId === undefined || hostname !== serviceId) return { ...base, published: false, message: 'The gateway’s Tor does not serve this address. Re-apply the datacenter.' };
    // Published means a directory stored the descriptor (issue 15): an address Tor wrote is not yet reachable.
    const tor = await readGatewayTor(t);
    if (tor.uploaded) return { ...base, published: true };
    const offline = torNotConnected(tor);
    return { ...base, published: false, message: offline ?? 'The gateway’s Tor is connected and publishing this address; clients reach it once a directory has stored it (usually within a minute).' };
  }

  /** Brings the gateway to `clients` (files, torrc, reload, marker). */
  private async push(gw: Gateway, clients: OnionClientEntry[], revoking = false): Promise<void> {
    const connect = await lxdListenAddress(gw.client);
    if (!connect) throw new BcmError('PRECONDITION_FAILED', NOT_LISTENING, { reason: 'lxd-no-https' });
    const state = gatewayState({ key: await onionKey(this.deps.secrets, gw.spec.name), clients, connect, baseTorrc: baseTorrcFor(gw.spec, (await walletPairingContext(this.deps.secrets, gw.spec)).active) });
    await applyGatewayOnion({ client: gw.client, project: gw.project, instance: gw.instance }, state, undefined, { revoking });
  }

  private async ready(name: string): Promise<Gateway> {
    if (this.deps.datacenters.runs.isRunning(name)) throw new BcmError('CONFLICT', `The datacenter "${name}" is being changed right now; wait for it to finish.`);
    const gw = await this.gateway(name);
    if (!gw.spec.remoteAccess) throw new BcmError('PRECONDITION_FAILED', `Remote access is off for "${name}". Turn it on and re-apply the datacenter first.`, { reason: 'remote-access-off' });
    if (gw.status !== 'running' || !gw.record) {
      throw new BcmError('PRECONDITION_FAILED', `The gateway of "${name}" is not running with remote access set up. Apply the datacenter, then add the client.`, { reason: 'gateway-not-ready' });
    }
    return gw;
  }

  addClient(name: string, clientName: string): Promise<PairingExport> {
    return this.serial(name, async () => {
      const gw = await this.ready(name);
      const before = await onionClients(this.deps.secrets, name);
      if (before.some((c) => c.name === clientName)) {
        throw new BcmError('CONFLICT', `A client named "${clientName}" is already authorised for ${name}. Choose another name, or revoke that one first.`, { field: 'client' });
      }
      const lxd = lxdTrustSource(gw.client);
      const fingerprint = await lxd.fingerprint();
      const pair = generateClientAuthKeyPair();
      const after = [...before, { name: clientName, publicKey: pair.publicKey, addedAt: new Date().toISOString() }];
      let token: string;
      try {
        await this.push(gw, after);
        await saveOnionClients(this.deps.secrets, name, after);
        token = await lxd.createToken(pairingTokenName(name, clientName));
      } catch (err) {
        await saveOnionClients(this.deps.secrets, name, before);
        await this.push(gw, before).catch(() => undefined);
        throw err;
      }
      const key = await onionKey(this.deps.secrets, name);
      const bundle: PairingBundle = {
        bcmPairing: 1,
        name: `${name}-remote`,
        onion: `${key.serviceId}.onion`,
        port: VIRTUAL_PORT,
        clientName,
        clientAuthKey: pair.privateKey,
        lxdFingerprint: fingerprint,
        trustToken: token,
        createdAt: new Date().toISOString(),
      };
      const text = encodePairing(bundle);
      const service: OnionService = {
        name,
        onionAddress: `${key.serviceId}.onion`,
        virtualPort: VIRTUAL_PORT,
        target: GATEWAY_LXD_TARGET,
        // the reload for the new client starts a new upload: the card follows it (status polls)
        published: false,
        publishing: true,
        clients: after.map((c) => ({ name: c.name, addedAt: c.addedAt })),
        createdAt: after[0]?.addedAt ?? bundle.createdAt,
      };
      return { bundle: text, qrSvg: await pairingQrSvg(text), fileName: pairingFileName(bundle), summary: summarise(bundle), service };
    });
  }

  revokeClient(name: string, clientName: string): Promise<RemoteAccessStatus> {
    return this.serial(name, async () => {
      const before = await onionClients(this.deps.secrets, name);
      if (!before.some((c) => c.name === clientName)) throw new BcmError('NOT_FOUND', `No client named "${clientName}" is authorised for ${name}.`);
      const after = before.filter((c) => c.name !== clientName);
      // Saved first: if the gateway is unreachable now, the next apply leaves the client out.
      await saveOnionClients(this.deps.secrets, name, after);
      const gw = await this.gateway(name);
      if (gw.spec.remoteAccess && gw.status === 'running' && gw.record && !this.deps.datacenters.runs.isRunning(name)) await this.push(gw, after, true);
      // the client's pairing token, if never used, and the certificate it was trusted with, if it was
      await gw.client.certificates.revokeByName((n) => n === pairingTokenName(name, clientName));
      return this.status(name);
    });
  }

  /** For tests and `forget`: the names of what is kept in ~/.bcm/secrets. */
  static secretNames(name: string): string[] {
    return [keySecret(name), clientsSecret(name)];
  }
}
