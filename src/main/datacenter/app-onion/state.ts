import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import type { SecretStore } from '../../store/secrets';
import { generateOnionServiceKey } from '../../tor/keys';
import { addressesFor } from '../naming';
import type { GatewayOnionSlot, GatewayOnionState } from '../remote-access/gateway-onion';
import type { OnionClientEntry } from '../remote-access/onion-files';
import { clientsSecret, parseOnionKey, readClientList, type OnionKey } from '../remote-access/state';
import { slotState } from '../gateway-onion/slot';
import { walletClients, walletKey, walletTorrc } from '../wallet-onion/state';
import { pairingWanted } from '../wallet-onion/files';
import { appOnionDir, appOnionStepKey, wantedAppOnions, type AppOnion } from './files';

/**
 * What app onions keep in ~/.bcm/secrets (0600): `dc.<name>.app-onion-<container>-<port>-key` (the
 * service key, made by the first plan that publishes the port: its address never changes, also
 * across turning it off and on) and `…-clients` (the authorised clients' public keys; the private
 * halves exist only in what the card showed once).
 */

export const appOnionKeySecret = (dc: string, id: string): string => `dc.${dc}.app-onion-${id}-key`;
export const appOnionClientsSecret = (dc: string, id: string): string => `dc.${dc}.app-onion-${id}-clients`;

export function appOnionSlot(o: Pick<AppOnion, 'id' | 'port' | 'container'>): GatewayOnionSlot {
  return { dir: appOnionDir(o.id), stepKey: appOnionStepKey(o.id), serves: `${o.container} port ${o.port}` };
}

/** The kept key, made and kept the first time when `make`. */
export async function appOnionKey(secrets: SecretStore, dc: string, id: string, make = false): Promise<OnionKey | undefined> {
  const name = appOnionKeySecret(dc, id);
  const text = await secrets.read(name);
  if (text !== undefined) return parseOnionKey(text, name);
  if (!make) return undefined;
  const made = generateOnionServiceKey();
  const key = { privateKey: made.privateKey, serviceId: made.serviceId };
  await secrets.write(name, `${JSON.stringify(key)}\n`);
  return key;
}

export function appOnionClients(secrets: SecretStore, dc: string, id: string): Promise<OnionClientEntry[]> {
  return readClientList(secrets, appOnionClientsSecret(dc, id));
}

/** Which of the gateway's onion services are in its torrc now: those wanted that have a client. */
export interface ActiveOnions {
  wallet: boolean;
  lxd: boolean;
  apps: AppOnion[];
  /** the clients of each wanted app onion, by id */
  appClients: Map<string, OnionClientEntry[]>;
}

export async function activeOnions(secrets: SecretStore, spec: DatacenterSpec): Promise<ActiveOnions> {
  const wallet = pairingWanted(spec) && (await walletKey(secrets, spec.name)) !== undefined && (await walletClients(secrets, spec.name)).length > 0;
  const lxd = spec.remoteAccess && (await readClientList(secrets, clientsSecret(spec.name))).length > 0;
  const appClients = new Map<string, OnionClientEntry[]>();
  const apps: AppOnion[] = [];
  for (const o of wantedAppOnions(spec, addressesFor(spec))) {
    const clients = await appOnionClients(secrets, spec.name, o.id);
    appClients.set(o.id, clients);
    if (clients.length > 0 && (await appOnionKey(secrets, spec.name, o.id)) !== undefined) apps.push(o);
  }
  return { wallet, lxd, apps, appClients };
}

/** The gateway's whole torrc with the app onion `o` given `clients` (the other services as they are). */
export function appOnionState(spec: DatacenterSpec, active: ActiveOnions, o: AppOnion, key: OnionKey, clients: OnionClientEntry[]): GatewayOnionState {
  const apps = wantedAppOnions(spec, addressesFor(spec)).filter((a) => (a.id === o.id ? clients.length > 0 : active.apps.some((x) => x.id === a.id)));
  return slotState({ key, clients, torrc: walletTorrc(spec, active.wallet, active.lxd, apps) });
}

export interface AppOnionsContext {
  active: ActiveOnions;
  /** each wanted app onion's state (its key made), by id */
  states: Map<string, { onion: AppOnion; state: GatewayOnionState }>;
  /** the torrc without the app onions that are no longer wanted (for a withdrawal) */
  torrc: string;
}

/** Everything plan and steps need of app onions; makes the keys of newly published ports. */
export async function appOnionsContext(secrets: SecretStore, spec: DatacenterSpec): Promise<AppOnionsContext> {
  const active = await activeOnions(secrets, spec);
  const states = new Map<string, { onion: AppOnion; state: GatewayOnionState }>();
  for (const o of wantedAppOnions(spec, addressesFor(spec))) {
    const key = await appOnionKey(secrets, spec.name, o.id, true);
    if (key) states.set(o.id, { onion: o, state: appOnionState(spec, active, o, key, active.appClients.get(o.id) ?? []) });
  }
  return { active, states, torrc: walletTorrc(spec, active.wallet, active.lxd, active.apps) };
}
