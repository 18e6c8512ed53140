import { X509Certificate } from 'node:crypto';
import { containersOf } from '../../../shared/datacenter/catalog';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import type { WalletPairing, WalletPairingStatus } from '../../../shared/channels/wallet-pairing';
import { BcmError } from '../../../shared/errors';
import { buildLndConnect, permissionGrants, pemToDer, torClientAuthLine, type MacaroonPermission } from '../../../shared/services/lndconnect';
import type { EndpointRegistry } from '../../endpoints/registry';
import type { LxdClient } from '../../lxd';
import type { SecretStore } from '../../store/secrets';
import { generateClientAuthKeyPair } from '../../tor/keys';
import { pairingQrSvg } from '../../tor/pairing';
import { LND_NETWORK } from '../components/lnd';
import { PORTS, USERS } from '../components/common';
import { torNotConnected } from '../components/gateway-tor';
import { addressesFor, namesFor } from '../naming';
import { applyGatewayOnion, readGatewayTor, readHostname } from '../remote-access/gateway-onion';
import type { OnionClientEntry } from '../remote-access/onion-files';
import { writeClientList } from '../remote-access/state';
import { WALLET_HS_DIR, walletOnionPorts } from './files';
import { WALLET_MARK } from './plan';
import { lxdServiceActive, pairingWanted, walletClients, walletClientsSecret, walletGatewayState, walletKey, walletSlot } from './state';

const RUNNING = 103;

export interface WalletPairingDeps {
  registry: Pick<EndpointRegistry, 'client'>;
  secrets: SecretStore;
  datacenters: { get(name: string): Promise<DatacenterSpec>; runs: { isRunning(name: string): boolean } };
}

interface Gateway {
  spec: DatacenterSpec;
  client: LxdClient;
  project: string;
  instance: string;
  running: boolean;
  record?: string;
}

const macaroonFile = (spec: DatacenterSpec, p: MacaroonPermission): string => `${USERS.lnd.home}/data/chain/bitcoin/${LND_NETWORK[spec.chain]}/${p}.macaroon`;

/** Whether a PEM certificate names a DNS name in its subjectAltName. */
export function certNames(pem: string, dns: string): boolean {
  const san = new X509Certificate(pem).subjectAltName ?? '';
  return san.split(/,\s*/).includes(`DNS:${dns}`);
}

/** Wallet pairing of a deployed datacenter: its onion address, and pairing and revoking wallets. */
export class WalletPairingService {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: WalletPairingDeps) {}

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
      const record = inst.config?.[WALLET_MARK];
      return { spec, client, project, instance, running: inst.status_code === RUNNING, ...(record ? { record } : {}) };
    } catch (err) {
      if (err instanceof BcmError && err.code === 'NOT_FOUND') return { spec, client, project, instance, running: false };
      throw err;
    }
  }

  async status(name: string): Promise<WalletPairingStatus> {
    const gw = await this.gateway(name);
    const key = await walletKey(this.deps.secrets, name);
    const clients = await walletClients(this.deps.secrets, name);
    const base = {
      datacenter: name,
      enabled: gw.spec.walletPairing,
      ports: walletOnionPorts(gw.spec, addressesFor(gw.spec)).map((p) => ({ port: p.port, what: p.what })),
      wallets: clients.map((c) => ({ name: c.name, addedAt: c.addedAt, ...(c.permission ? { permission: c.permission } : {}) })),
      ready: pairingWanted(gw.spec) && gw.running && gw.record !== undefined,
      ...(key ? { onionAddress: `${key.serviceId}.onion` } : {}),
    };
    if (!gw.spec.lightning.lnd) return { ...base, published: false, message: 'This datacenter runs no lnd node to pair with.' };
    if (!gw.spec.walletPairing) return { ...base, published: false, message: 'Pairing is off. Turn it on to publish lnd as an onion service for mobile wallets; it goes through a plan you review.' };
    if (!gw.running) return { ...base, published: false, message: 'The gateway is not running, so the onion service is offline. Apply the datacenter.' };
    if (!gw.record || !key) return { ...base, published: false, message: 'Apply the datacenter to set up pairing on its gateway.' };
    if (clients.length === 0) return { ...base, published: false, message: 'No wallet is paired yet: the onion service is published once you pair one.' };
    const t = { client: gw.client, project: gw.project, instance: gw.instance };
    if ((await readHostname(t, WALLET_HS_DIR)) !== key.serviceId) return { ...base, published: false, message: 'The gateway’s Tor does not serve this address. Apply the datacenter again.' };
    const tor = await readGatewayTor(t);
    if (tor.uploaded) return { ...base, published: true };
    return { ...base, published: false, message: torNotConnected(tor) ?? 'The gateway’s Tor is publishing this address; wallets reach it once a directory has stored it (usually within a minute).' };
  }

  private async push(gw: Gateway, clients: OnionClientEntry[], revoking = false): Promise<void> {
    const key = await walletKey(this.deps.secrets, gw.spec.name);
    if (!key) throw new BcmError('PRECONDITION_FAILED', 'Apply the datacenter with pairing on first: it makes the wallet onion’s key.', { reason: 'wallet-onion-no-key' });
    const state = walletGatewayState({ spec: gw.spec, key, clients, lxdActive: await lxdServiceActive(this.deps.secrets, gw.spec) });
    await applyGatewayOnion({ client: gw.client, project: gw.project, instance: gw.instance }, state, walletSlot(gw.spec), { revoking });
  }

  private async readLnd(gw: Gateway, path: string, what: string): Promise<Buffer> {
    try {
      return (await gw.client.files.read('lnd', path, { project: gw.project })).data;
    } catch (err) {
      throw new BcmError('PRECONDITION_FAILED', `lnd has no ${what} yet (${path}): is its wallet created and unlocked?`, { reason: 'lnd-not-ready' }, { cause: err });
    }
  }

  pair(name: string, request: { wallet: string; permission: MacaroonPermission; api: 'rest' | 'grpc' }): Promise<WalletPairing> {
    return this.serial(name, async () => {
      if (this.deps.datacenters.runs.isRunning(name)) throw new BcmError('CONFLICT', `The datacenter "${name}" is being changed right now; wait for it to finish.`);
      const gw = await this.gateway(name);
      const key = await walletKey(this.deps.secrets, name);
      if (!pairingWanted(gw.spec)) throw new BcmError('PRECONDITION_FAILED', `Pairing is off for "${name}". Turn it on and apply the datacenter first.`, { reason: 'pairing-off' });
      if (!gw.running || !gw.record || !key) throw new BcmError('PRECONDITION_FAILED', `The gateway of "${name}" is not running with pairing set up. Apply the datacenter, then pair.`, { reason: 'gateway-not-ready' });
      const onion = `${key.serviceId}.onion`;
      const certPem = (await this.readLnd(gw, `${USERS.lnd.home}/tls.cert`, 'TLS certificate')).toString('utf8');
      if (!certNames(certPem, onion)) {
        throw new BcmError('PRECONDITION_FAILED', `lnd's TLS certificate does not name ${onion} yet, so a wallet would refuse it. Apply the datacenter again (lnd makes a new certificate when it restarts).`, { reason: 'cert-without-onion' });
      }
      const macaroon = await this.readLnd(gw, macaroonFile(gw.spec, request.permission), `${request.permission} macaroon`);
      const before = await walletClients(this.deps.secrets, name);
      if (before.some((c) => c.name === request.wallet)) {
        throw new BcmError('CONFLICT', `A wallet named "${request.wallet}" is already paired with ${name}. Choose another name, or revoke that one first.`, { field: 'wallet' });
      }
      const pair = generateClientAuthKeyPair();
      const after = [...before, { name: request.wallet, publicKey: pair.publicKey, addedAt: new Date().toISOString(), permission: request.permission }];
      try {
        await this.push(gw, after);
        await writeClientList(this.deps.secrets, walletClientsSecret(name), after);
      } catch (err) {
        await writeClientList(this.deps.secrets, walletClientsSecret(name), before);
        await this.push(gw, before).catch(() => undefined);
        throw err;
      }
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
        status: await this.status(name),
      };
    });
  }

  revoke(name: string, wallet: string): Promise<WalletPairingStatus> {
    return this.serial(name, async () => {
      const before = await walletClients(this.deps.secrets, name);
      if (!before.some((c) => c.name === wallet)) throw new BcmError('NOT_FOUND', `No wallet named "${wallet}" is paired with ${name}.`);
      const after = before.filter((c) => c.name !== wallet);
      // saved first: if the gateway is unreachable now, the next apply leaves the wallet out
      await writeClientList(this.deps.secrets, walletClientsSecret(name), after);
      const gw = await this.gateway(name);
      if (pairingWanted(gw.spec) && gw.running && gw.record && !this.deps.datacenters.runs.isRunning(name)) await this.push(gw, after, true);
      return this.status(name);
    });
  }
}
