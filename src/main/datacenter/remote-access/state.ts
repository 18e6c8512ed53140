import { z } from 'zod';
import { macaroonPermissions } from '../../../shared/services/lndconnect';
import { BcmError } from '../../../shared/errors';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import type { LxdClient } from '../../lxd';
import { PORTS } from '../components/common';
import { torrc as gatewayTorrc } from '../components/gateway';
import { addressesFor } from '../naming';
import type { SecretStore } from '../../store/secrets';
import { generateOnionServiceKey } from '../../tor/keys';
import { onionTargetFor } from '../../tor/pairing-export';
import type { GatewayOnionState } from './gateway-onion';
import { expandedKeyOf, onionRecord, torrcWithOnion, type OnionClientEntry } from './onion-files';
import type { RemoteAccessPlanInput } from './plan-onion';
import { torrcWithWallet, walletOnionPorts } from '../wallet-onion/files';
import { torrcWithApps, type AppOnion } from '../app-onion/files';

/**
 * What remote access keeps in ~/.bcm/secrets (0600): `dc.<name>.onion-key` (the service key, made
 * once: the address never changes, also across down/up) and `dc.<name>.onion-clients` (the
 * authorised clients' public keys; the private halves exist only in the pairing bundles).
 */

const keySchema = z.object({ privateKey: z.string().startsWith('ED25519-V3:'), serviceId: z.string().regex(/^[a-z2-7]{56}$/) });
const clientsSchema = z.array(z.object({ name: z.string(), publicKey: z.string().regex(/^[A-Za-z2-7]{52}$/), addedAt: z.string(), permission: z.enum(macaroonPermissions).optional() }));

export const keySecret = (dc: string): string => `dc.${dc}.onion-key`;
export const clientsSecret = (dc: string): string => `dc.${dc}.onion-clients`;

export type OnionKey = z.infer<typeof keySchema>;

function damaged(name: string): BcmError {
  return new BcmError('STORE_ERROR', `The remote-access file ~/.bcm/secrets/${name} is damaged. Restore it from a backup (the onion address depends on the key), or remove it to start over.`, { reason: 'onion-store-damaged' });
}

/** The datacenter's service key; made and kept the first time it is asked for. */
/** A kept service key ({privateKey, serviceId} as JSON), checked. */
export function parseOnionKey(text: string, secretName: string): OnionKey {
  try {
    const key = keySchema.parse(JSON.parse(text));
    expandedKeyOf(key.privateKey);
    return key;
  } catch {
    throw damaged(secretName);
  }
}

export async function onionKey(secrets: SecretStore, dc: string): Promise<OnionKey> {
  const text = await secrets.read(keySecret(dc));
  if (text !== undefined) return parseOnionKey(text, keySecret(dc));
  const made = generateOnionServiceKey();
  const key = { privateKey: made.privateKey, serviceId: made.serviceId };
  await secrets.write(keySecret(dc), `${JSON.stringify(key)}\n`);
  return key;
}

/** The authorised clients kept in one secret (remote access's, or wallet pairing's). */
export async function readClientList(secrets: SecretStore, secretName: string): Promise<OnionClientEntry[]> {
  const text = await secrets.read(secretName);
  if (text === undefined) return [];
  try {
    return clientsSchema.parse(JSON.parse(text));
  } catch {
    throw damaged(secretName);
  }
}

export async function writeClientList(secrets: SecretStore, secretName: string, clients: OnionClientEntry[]): Promise<void> {
  await secrets.write(secretName, `${JSON.stringify(clients, null, 2)}\n`);
}

export function onionClients(secrets: SecretStore, dc: string): Promise<OnionClientEntry[]> {
  return readClientList(secrets, clientsSecret(dc));
}

export async function saveOnionClients(secrets: SecretStore, dc: string, clients: OnionClientEntry[]): Promise<void> {
  await writeClientList(secrets, clientsSecret(dc), clients);
}

/** Where LXD listens on the endpoint's host, or undefined when it does not listen on the network. */
export async function lxdListenAddress(client: LxdClient): Promise<string | undefined> {
  const address = (await client.server.get()).config?.['core.https_address'];
  if (typeof address !== 'string' || address === '') return undefined;
  return onionTargetFor(address);
}

export const NOT_LISTENING =
  'Remote access publishes the LXD API, but LXD on this endpoint does not listen on the network. Let it listen on loopback (`lxc config set core.https_address 127.0.0.1:8443` on the server: nothing is exposed beyond this computer), then plan again.';

export interface RemoteAccessContext {
  state?: GatewayOnionState;
  /** the gateway's torrc without the onion service */
  baseTorrc: string;
  plan: RemoteAccessPlanInput;
}

/** Everything plan and step need, for a given client list (the stored one by default). */
export function gatewayState(input: { key: OnionKey; clients: OnionClientEntry[]; connect: string; baseTorrc: string }): GatewayOnionState {
  // With no authorised client Tor would publish an open service: the service is left out until one is added.
  const torrc = input.clients.length > 0 ? torrcWithOnion(input.baseTorrc) : input.baseTorrc;
  return {
    privateKey: input.key.privateKey,
    serviceId: input.key.serviceId,
    clients: input.clients,
    connect: input.connect,
    torrc,
    record: onionRecord({ serviceId: input.key.serviceId, torrc, connect: input.connect, clients: input.clients }),
  };
}

export async function remoteAccessContext(client: LxdClient, secrets: SecretStore, dc: string, enabled: boolean, baseTorrc: string): Promise<RemoteAccessContext> {
  if (!enabled) return { baseTorrc, plan: {} };
  const connect = await lxdListenAddress(client);
  if (!connect) return { baseTorrc, plan: { blocker: NOT_LISTENING } };
  const state = gatewayState({ key: await onionKey(secrets, dc), clients: await onionClients(secrets, dc), connect, baseTorrc });
  return { state, baseTorrc, plan: { record: state.record } };
}

/** The gateway recipe's own torrc for this datacenter. */
export function recipeTorrcFor(spec: DatacenterSpec): string {
  const addresses = addressesFor(spec);
  return gatewayTorrc({ addresses, secrets: {}, gatewayProxy: `http://${addresses.gateway ?? ''}:${PORTS.proxy}` });
}

/**
 * What remote access adds its service to: the recipe's torrc, with the wallet-pairing service when
 * that is on and has a client (`walletActive`) and the app onions that have a client (`apps`), so
 * every step that writes the torrc writes the same.
 */
export function baseTorrcFor(spec: DatacenterSpec, walletActive: boolean, apps: readonly AppOnion[] = []): string {
  return torrcWithApps(torrcWithWallet(recipeTorrcFor(spec), walletActive ? walletOnionPorts(spec, addressesFor(spec)) : undefined), apps);
}
