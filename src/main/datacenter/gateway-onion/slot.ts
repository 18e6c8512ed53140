import { createHash } from 'node:crypto';
import type { GatewayOnionSlot, GatewayOnionState } from '../remote-access/gateway-onion';
import type { OnionClientEntry } from '../remote-access/onion-files';
import type { OnionKey } from '../remote-access/state';

/**
 * The state of one of the gateway's onions served by Tor to the internal network (wallet pairing,
 * app onions): its kept key, clients and the gateway's whole torrc, with the record its marker
 * keeps. (Remote access records its proxy target too: onion-files.ts.)
 */

/** What the `user.bcm.step.<slot>` marker records: the address, the torrc and the clients applied. */
export function slotRecord(input: { serviceId: string; torrc: string; clients: readonly OnionClientEntry[] }): string {
  const clients = input.clients.map((c) => `${c.name}=${c.publicKey.toUpperCase()}`).sort();
  return createHash('sha256').update(JSON.stringify({ w: input.serviceId, t: input.torrc, k: clients })).digest('hex').slice(0, 16);
}

export function slotState(input: { key: OnionKey; clients: OnionClientEntry[]; torrc: string }): GatewayOnionState {
  return {
    privateKey: input.key.privateKey,
    serviceId: input.key.serviceId,
    clients: input.clients,
    connect: '',
    torrc: input.torrc,
    record: slotRecord({ serviceId: input.key.serviceId, torrc: input.torrc, clients: input.clients }),
  };
}

export type { GatewayOnionSlot };
