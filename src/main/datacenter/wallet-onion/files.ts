import { builtinDrivers, walletPortKinds, type WalletPortKind } from '../../../shared/apps/builtin';
import { builtinManifests, builtinPort } from '../../../shared/apps/builtins';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import { slotRecord } from '../gateway-onion/slot';

/**
 * Pure parts of wallet pairing (issue 13): a second onion service on the gateway's Tor, with client
 * authorisation, that forwards lnd's REST and gRPC ports and the Bitcoin node's RPC port to their
 * containers on the internal network (the gateway reaches them there; nothing is published on the
 * host). Its key is a datacenter secret made once, so its address is known before anything is
 * deployed: lnd's TLS certificate names it (tlsextradomain), and a phone verifies lnd with it.
 */

/** The wallet onion service's folder in the gateway. */
export const WALLET_HS_DIR = '/var/lib/tor/bcm-wallet';
export const WALLET_STEP_KEY = 'wallet-onion';
/** The datacenter secret holding the service key ({privateKey, serviceId}, JSON). */
export const WALLET_ONION_SECRET = 'wallet-onion-key';

/** Pairing is wanted: the spec says so and there is an lnd to pair with. */
export function pairingWanted(spec: Pick<DatacenterSpec, 'walletPairing' | 'lightning'>): boolean {
  return spec.walletPairing && spec.lightning.lnd;
}

/** The wallet onion's address from the kept key secret's text ({privateKey, serviceId}), if it is one. */
export function walletOnionAddress(secretText: string | undefined): string | undefined {
  if (!secretText) return undefined;
  try {
    const id: unknown = (JSON.parse(secretText) as { serviceId?: unknown }).serviceId;
    return typeof id === 'string' && /^[a-z2-7]{56}$/.test(id) ? `${id}.onion` : undefined;
  } catch {
    return undefined;
  }
}

export interface WalletOnionPort {
  /** the port clients connect to on the onion */
  port: number;
  /** where the gateway's Tor forwards it */
  target: string;
  what: WalletPortKind;
}

/**
 * What the wallet onion serves, for this spec and its fixed internal addresses: the onion ports the
 * built-ins' manifests declare for wallet pairing (apps/builtin/*.yaml), of the containers the spec
 * has, in the order of `walletPortKinds` (lnd's REST, lnd's gRPC, the node's RPC).
 */
export function walletOnionPorts(spec: Pick<DatacenterSpec, 'chain'>, addresses: Record<string, string>): WalletOnionPort[] {
  const ports: WalletOnionPort[] = [];
  for (const driver of builtinDrivers) {
    for (const c of builtinManifests[driver].spec.containers) {
      const host = addresses[c.name];
      if (!host) continue;
      for (const o of c.onion) {
        const port = builtinPort(driver, o.port, spec.chain, c.name);
        if (o.via === 'walletPairing') ports.push({ port, target: `${host}:${port}`, what: o.as });
      }
    }
  }
  return ports.sort((a, b) => walletPortKinds.indexOf(a.what) - walletPortKinds.indexOf(b.what));
}

export function describePorts(ports: readonly WalletOnionPort[]): string {
  const names = { 'lnd-rest': 'lnd REST', 'lnd-grpc': 'lnd gRPC', 'node-rpc': 'node RPC' } as const;
  return ports.map((p) => `${names[p.what]} ${p.port}`).join(', ');
}

/** The lines the gateway's torrc gets for the wallet onion service. */
export function walletTorrcFragment(ports: readonly WalletOnionPort[]): string {
  return [
    '# Wallet pairing: lnd and the node as a v3 onion service with client authorisation (BCM)',
    `HiddenServiceDir ${WALLET_HS_DIR}`,
    'HiddenServiceVersion 3',
    ...ports.map((p) => `HiddenServicePort ${p.port} ${p.target}`),
    '',
  ].join('\n');
}

/**
 * The gateway recipe's torrc with the wallet service, when it is on and has a client (with none,
 * Tor would publish a service anyone could reach: it is left out until a wallet is paired).
 */
export function torrcWithWallet(recipeTorrc: string, ports: readonly WalletOnionPort[] | undefined): string {
  if (!ports) return recipeTorrc;
  return `${recipeTorrc.replace(/\n*$/, '\n')}\n${walletTorrcFragment(ports)}`;
}

/** What the `user.bcm.step.wallet-onion` marker records. */
export const walletRecord = slotRecord;
