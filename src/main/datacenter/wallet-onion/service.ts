import { X509Certificate } from 'node:crypto';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import type { WalletPairing, WalletPairingStatus } from '../../../shared/channels/wallet-pairing';
import { BcmError } from '../../../shared/errors';
import { buildLndConnect, permissionGrants, pemToDer, torClientAuthLine, type MacaroonPermission } from '../../../shared/services/lndconnect';
import type { SecretStore } from '../../store/secrets';
import { generateClientAuthKeyPair } from '../../tor/keys';
import { pairingQrSvg } from '../../tor/pairing';
import { LND_NETWORK } from '../components/lnd';
import { PORTS, USERS } from '../components/common';
import { addressesFor } from '../naming';
import { applyGatewayOnion } from '../remote-access/gateway-onion';
import { GatewayOnionService, assertNewClient, changeClients, notWhileRunning, publicationOf, withoutClient, type GatewayOnionDeps, type GatewayRef } from '../gateway-onion/gateway';
import type { OnionClientEntry } from '../remote-access/onion-files';
import { writeClientList } from '../remote-access/state';
import { WALLET_HS_DIR, walletOnionPorts } from './files';
import { WALLET_MARK } from './plan';
import { activeOnions } from '../app-onion/state';
import { pairingWanted, walletClients, walletClientsSecret, walletGatewayState, walletKey, walletSlot } from './state';

export interface WalletPairingDeps extends GatewayOnionDeps {
  secrets: SecretStore;
}

const macaroonFile = (spec: DatacenterSpec, p: MacaroonPermission): string => `${USERS.lnd.home}/data/chain/bitcoin/${LND_NETWORK[spec.chain]}/${p}.macaroon`;

/** Whether a PEM certificate names a DNS name in its subjectAltName. */
export function certNames(pem: string, dns: string): boolean {
  const san = new X509Certificate(pem).subjectAltName ?? '';
  return san.split(/,\s*/).includes(`DNS:${dns}`);
}

/** Wallet pairing of a deployed datacenter: its onion address, and pairing and revoking wallets. */
export class WalletPairingService extends GatewayOnionService<WalletPairingStatus, WalletPairingDeps> {
  constructor(deps: WalletPairingDeps) {
    super(deps, WALLET_MARK);
  }

  protected async statusOf(gw: GatewayRef): Promise<WalletPairingStatus> {
    const name = gw.spec.name;
    const running = gw.status === 'running';
    const key = await walletKey(this.deps.secrets, name);
    const clients = await walletClients(this.deps.secrets, name);
    const base = {
      datacenter: name,
      enabled: gw.spec.walletPairing,
      ports: walletOnionPorts(gw.spec, addressesFor(gw.spec)).map((p) => ({ port: p.port, what: p.what })),
      wallets: clients.map((c) => ({ name: c.name, addedAt: c.addedAt, ...(c.permission ? { permission: c.permission } : {}) })),
      ready: pairingWanted(gw.spec) && running && gw.record !== undefined,
      ...(key ? { onionAddress: `${key.serviceId}.onion` } : {}),
    };
    if (!gw.spec.lightning.lnd) return { ...base, published: false, message: 'This datacenter runs no lnd node to pair with.' };
    if (!gw.spec.walletPairing) return { ...base, published: false, message: 'Pairing is off. Turn it on to publish lnd as an onion service for mobile wallets; it goes through a plan you review.' };
    if (!running) return { ...base, published: false, message: 'The gateway is not running, so the onion service is offline. Apply the datacenter.' };
    if (!gw.record || !key) return { ...base, published: false, message: 'Apply the datacenter to set up pairing on its gateway.' };
    if (clients.length === 0) return { ...base, published: false, message: 'No wallet is paired yet: the onion service is published once you pair one.' };
    const publication = await publicationOf(gw, WALLET_HS_DIR, key.serviceId, {
      otherAddress: 'The gateway’s Tor does not serve this address. Apply the datacenter again.',
      publishing: 'The gateway’s Tor is publishing this address; wallets reach it once a directory has stored it (usually within a minute).',
    });
    return { ...base, ...publication };
  }

  private async push(gw: GatewayRef, clients: OnionClientEntry[], revoking = false): Promise<void> {
    const key = await walletKey(this.deps.secrets, gw.spec.name);
    if (!key) throw new BcmError('PRECONDITION_FAILED', 'Apply the datacenter with pairing on first: it makes the wallet onion’s key.', { reason: 'wallet-onion-no-key' });
    const active = await activeOnions(this.deps.secrets, gw.spec);
    const state = walletGatewayState({ spec: gw.spec, key, clients, lxdActive: active.lxd, apps: active.apps });
    await applyGatewayOnion({ client: gw.client, project: gw.project, instance: gw.instance }, state, walletSlot(gw.spec), { revoking });
  }

  private async readLnd(gw: GatewayRef, path: string, what: string): Promise<Buffer> {
    try {
      return (await gw.client.files.read('lnd', path, { project: gw.project })).data;
    } catch (err) {
      throw new BcmError('PRECONDITION_FAILED', `lnd has no ${what} yet (${path}): is its wallet created and unlocked?`, { reason: 'lnd-not-ready' }, { cause: err });
    }
  }

  pair(name: string, request: { wallet: string; permission: MacaroonPermission; api: 'rest' | 'grpc' }): Promise<WalletPairing> {
    return this.queue.run(name, async () => {
      notWhileRunning(this.deps, name);
      const gw = await this.gateway(name);
      const key = await walletKey(this.deps.secrets, name);
      if (!pairingWanted(gw.spec)) throw new BcmError('PRECONDITION_FAILED', `Pairing is off for "${name}". Turn it on and apply the datacenter first.`, { reason: 'pairing-off' });
      if (gw.status !== 'running' || !gw.record || !key) throw new BcmError('PRECONDITION_FAILED', `The gateway of "${name}" is not running with pairing set up. Apply the datacenter, then pair.`, { reason: 'gateway-not-ready' });
      const onion = `${key.serviceId}.onion`;
      const certPem = (await this.readLnd(gw, `${USERS.lnd.home}/tls.cert`, 'TLS certificate')).toString('utf8');
      if (!certNames(certPem, onion)) {
        throw new BcmError('PRECONDITION_FAILED', `lnd's TLS certificate does not name ${onion} yet, so a wallet would refuse it. Apply the datacenter again (lnd makes a new certificate when it restarts).`, { reason: 'cert-without-onion' });
      }
      const macaroon = await this.readLnd(gw, macaroonFile(gw.spec, request.permission), `${request.permission} macaroon`);
      const before = await walletClients(this.deps.secrets, name);
      assertNewClient(before, request.wallet, `A wallet named "${request.wallet}" is already paired with ${name}. Choose another name, or revoke that one first.`, 'wallet');
      const pair = generateClientAuthKeyPair();
      const after = [...before, { name: request.wallet, publicKey: pair.publicKey, addedAt: new Date().toISOString(), permission: request.permission }];
      await changeClients({ before, after, push: (clients) => this.push(gw, clients), save: (clients) => writeClientList(this.deps.secrets, walletClientsSecret(name), clients) });
      const port = request.api === 'rest' ? PORTS.lndRest : PORTS.lndGrpc;
      const uri = buildLndConnect({ host: onion, port, certDer: pemToDer(certPem), macaroon });
      const clientAuth = torClientAuthLine(onion, pair.privateKey);
      return {
        wallet: request.wallet,
        permission: request.permission,
        api: request.api,
        onionAddress: onion,
        port,
        uri,
        clientAuth,
        uriQrSvg: await pairingQrSvg(uri),
        clientAuthQrSvg: await pairingQrSvg(clientAuth),
        grants: permissionGrants(request.permission),
        status: await this.statusOf(gw),
      };
    });
  }

  revoke(name: string, wallet: string): Promise<WalletPairingStatus> {
    return this.queue.run(name, async () => {
      const after = withoutClient(await walletClients(this.deps.secrets, name), wallet, `No wallet named "${wallet}" is paired with ${name}.`);
      // saved first: if the gateway is unreachable now, the next apply leaves the wallet out
      await writeClientList(this.deps.secrets, walletClientsSecret(name), after);
      const gw = await this.gateway(name);
      if (pairingWanted(gw.spec) && gw.status === 'running' && gw.record && !this.deps.datacenters.runs.isRunning(name)) await this.push(gw, after, true);
      return this.statusOf(gw);
    });
  }
}
