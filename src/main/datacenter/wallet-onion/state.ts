import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import type { SecretStore } from '../../store/secrets';
import { addressesFor } from '../naming';
import type { GatewayOnionSlot, GatewayOnionState } from '../remote-access/gateway-onion';
import { torrcWithOnion, type OnionClientEntry } from '../remote-access/onion-files';
import { baseTorrcFor, clientsSecret, parseOnionKey, readClientList, type OnionKey } from '../remote-access/state';
import { WALLET_HS_DIR, WALLET_ONION_SECRET, WALLET_STEP_KEY, describePorts, pairingWanted, walletOnionPorts } from './files';
import { slotState } from '../gateway-onion/slot';
import type { AppOnion } from '../app-onion/files';

export { pairingWanted };

/**
 * What wallet pairing keeps in ~/.bcm/secrets (0600): `dc.<name>.wallet-onion-key` (the service key,
 * made with the datacenter's other secrets the first time a plan has pairing on, so lnd's
 * certificate can name the address before anything runs) and `dc.<name>.wallet-clients` (the
 * paired wallets' public keys; the private halves exist only in what the pairing card showed).
 */

export const walletKeySecret = (dc: string): string => `dc.${dc}.${WALLET_ONION_SECRET}`;
export const walletClientsSecret = (dc: string): string => `dc.${dc}.wallet-clients`;

export function walletSlot(spec: DatacenterSpec): GatewayOnionSlot {
  return { dir: WALLET_HS_DIR, stepKey: WALLET_STEP_KEY, serves: describePorts(walletOnionPorts(spec, addressesFor(spec))) };
}

export async function walletKey(secrets: SecretStore, dc: string): Promise<OnionKey | undefined> {
  const text = await secrets.read(walletKeySecret(dc));
  return text === undefined ? undefined : parseOnionKey(text, walletKeySecret(dc));
}

export function walletClients(secrets: SecretStore, dc: string): Promise<OnionClientEntry[]> {
  return readClientList(secrets, walletClientsSecret(dc));
}

/** Remote access's service is in the torrc: on, with at least one client (what its own step writes). */
export async function lxdServiceActive(secrets: SecretStore, spec: DatacenterSpec): Promise<boolean> {
  return spec.remoteAccess && (await readClientList(secrets, clientsSecret(spec.name))).length > 0;
}

/** The gateway's whole torrc as far as the wallet service goes: same text as remote access's step writes. */
export function walletTorrc(spec: DatacenterSpec, walletActive: boolean, lxdActive: boolean, apps: readonly AppOnion[] = []): string {
  const base = baseTorrcFor(spec, walletActive, apps);
  return lxdActive ? torrcWithOnion(base) : base;
}

/** `apps`: the app onions in the torrc (with a client). */
export function walletGatewayState(input: { spec: DatacenterSpec; key: OnionKey; clients: OnionClientEntry[]; lxdActive: boolean; apps?: readonly AppOnion[] }): GatewayOnionState {
  return slotState({ key: input.key, clients: input.clients, torrc: walletTorrc(input.spec, input.clients.length > 0, input.lxdActive, input.apps) });
}

export interface WalletPairingContext {
  state?: GatewayOnionState;
  /** the torrc without the wallet service (for a withdrawal) */
  withoutWallet: string;
  /** the record the gateway should carry, when pairing is wanted */
  record?: string;
  /** the wallet service is in the torrc (pairing wanted and a wallet paired) */
  active: boolean;
}

/** `apps`: the app onions in the torrc (with a client). */
export async function walletPairingContext(secrets: SecretStore, spec: DatacenterSpec, apps: readonly AppOnion[] = []): Promise<WalletPairingContext> {
  const lxdActive = await lxdServiceActive(secrets, spec);
  const withoutWallet = walletTorrc(spec, false, lxdActive, apps);
  if (!pairingWanted(spec)) return { withoutWallet, active: false };
  const key = await walletKey(secrets, spec.name);
  if (!key) return { withoutWallet, active: false };
  const clients = await walletClients(secrets, spec.name);
  const state = walletGatewayState({ spec, key, clients, lxdActive, apps });
  return { state, withoutWallet, record: state.record, active: clients.length > 0 };
}
