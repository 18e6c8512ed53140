import type { RemoteAccessStatus } from '../../../shared/channels/remote-access';
import type { OnionService, PairingExport } from '../../../shared/channels/tor';
import { BcmError } from '../../../shared/errors';
import type { SecretStore } from '../../store/secrets';
import { generateClientAuthKeyPair } from '../../tor/keys';
import { encodePairing, pairingFileName, pairingQrSvg, summarise, type PairingBundle } from '../../tor/pairing';
import { lxdTrustSource } from '../../tor/pairing-export';
import { pairingTokenName } from '../naming';
import { applyGatewayOnion } from './gateway-onion';
import { GatewayOnionService, assertNewClient, changeClients, notWhileRunning, publicationOf, withoutClient, type GatewayOnionDeps, type GatewayRef } from '../gateway-onion/gateway';
import { GATEWAY_LXD_TARGET, VIRTUAL_PORT, type OnionClientEntry } from './onion-files';
import { ONION_MARK } from './plan-onion';
import { activeOnions } from '../app-onion/state';
import { NOT_LISTENING, baseTorrcFor, clientsSecret, gatewayState, keySecret, lxdListenAddress, onionClients, onionKey, saveOnionClients } from './state';

export interface RemoteAccessDeps extends GatewayOnionDeps {
  secrets: SecretStore;
}

/** Remote access of a deployed datacenter: its onion address and authorised clients. */
export class RemoteAccessService extends GatewayOnionService<RemoteAccessStatus, RemoteAccessDeps> {
  constructor(deps: RemoteAccessDeps) {
    super(deps, ONION_MARK);
  }

  protected async statusOf(gw: GatewayRef): Promise<RemoteAccessStatus> {
    const name = gw.spec.name;
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
    const publication = await publicationOf(gw, undefined, serviceId, {
      otherAddress: 'The gateway’s Tor does not serve this address. Re-apply the datacenter.',
      publishing: 'The gateway’s Tor is connected and publishing this address; clients reach it once a directory has stored it (usually within a minute).',
    });
    return { ...base, ...publication };
  }

  /** Brings the gateway to `clients` (files, torrc, reload, marker). */
  private async push(gw: GatewayRef, clients: OnionClientEntry[], revoking = false): Promise<void> {
    const connect = await lxdListenAddress(gw.client);
    if (!connect) throw new BcmError('PRECONDITION_FAILED', NOT_LISTENING, { reason: 'lxd-no-https' });
    const active = await activeOnions(this.deps.secrets, gw.spec);
    const state = gatewayState({ key: await onionKey(this.deps.secrets, gw.spec.name), clients, connect, baseTorrc: baseTorrcFor(gw.spec, active.wallet, active.apps) });
    await applyGatewayOnion({ client: gw.client, project: gw.project, instance: gw.instance }, state, undefined, { revoking });
  }

  private async ready(name: string): Promise<GatewayRef> {
    notWhileRunning(this.deps, name);
    const gw = await this.gateway(name);
    if (!gw.spec.remoteAccess) throw new BcmError('PRECONDITION_FAILED', `Remote access is off for "${name}". Turn it on and re-apply the datacenter first.`, { reason: 'remote-access-off' });
    if (gw.status !== 'running' || !gw.record) {
      throw new BcmError('PRECONDITION_FAILED', `The gateway of "${name}" is not running with remote access set up. Apply the datacenter, then add the client.`, { reason: 'gateway-not-ready' });
    }
    return gw;
  }

  addClient(name: string, clientName: string): Promise<PairingExport> {
    return this.queue.run(name, async () => {
      const gw = await this.ready(name);
      const before = await onionClients(this.deps.secrets, name);
      assertNewClient(before, clientName, `A client named "${clientName}" is already authorised for ${name}. Choose another name, or revoke that one first.`, 'client');
      const lxd = lxdTrustSource(gw.client);
      const fingerprint = await lxd.fingerprint();
      const pair = generateClientAuthKeyPair();
      const after = [...before, { name: clientName, publicKey: pair.publicKey, addedAt: new Date().toISOString() }];
      let token = '';
      await changeClients({
        before,
        after,
        push: (clients) => this.push(gw, clients),
        save: (clients) => saveOnionClients(this.deps.secrets, name, clients),
        then: async () => {
          token = await lxd.createToken(pairingTokenName(name, clientName));
        },
      });
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
    return this.queue.run(name, async () => {
      const after = withoutClient(await onionClients(this.deps.secrets, name), clientName, `No client named "${clientName}" is authorised for ${name}.`);
      // Saved first: if the gateway is unreachable now, the next apply leaves the client out.
      await saveOnionClients(this.deps.secrets, name, after);
      const gw = await this.gateway(name);
      if (gw.spec.remoteAccess && gw.status === 'running' && gw.record && !this.deps.datacenters.runs.isRunning(name)) await this.push(gw, after, true);
      // the client's pairing token, if never used, and the certificate it was trusted with, if it was
      await gw.client.certificates.revokeByName((n) => n === pairingTokenName(name, clientName));
      return this.statusOf(gw);
    });
  }

  /** For tests and `forget`: the names of what is kept in ~/.bcm/secrets. */
  static secretNames(name: string): string[] {
    return [keySecret(name), clientsSecret(name)];
  }
}
