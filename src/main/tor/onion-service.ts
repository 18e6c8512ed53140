import { z } from 'zod';
import { BcmError } from '../../shared/errors';
import type { OnionService } from '../../shared/channels/tor';
import { TorControlError, type TorControl } from './control/client';
import { generateClientAuthKeyPair, generateOnionServiceKey } from './keys';
import { DEFAULT_PUBLICATION_POLICY, PublicationWatch, waitReadyToPublish, type PublicationPolicy } from './onion-publication';

/**
 * Server side: an LXD API published as a v3 onion service with client authorisation, on any Tor
 * BCM can reach over a control port (the app's own Tor today, the datacenter gateway's later).
 * The service key is kept, so the address survives restarts; each authorised client is an x25519
 * public key. Tor cannot change the client list of a live service, so a change re-adds it
 * (DEL_ONION + ADD_ONION with the same key): the address stays, new descriptors go out. Each
 * added service is followed until Tor uploads its descriptor (onion-publication.ts).
 */

export const onionServiceRecordSchema = z.object({
  schemaVersion: z.literal(1),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  serviceId: z.string().regex(/^[a-z2-7]{56}$/),
  /** "ED25519-V3:<base64>" as ADD_ONION returned it (secret) */
  privateKey: z.string().startsWith('ED25519-V3:'),
  virtualPort: z.number().int().min(1).max(65535),
  target: z.string(),
  clients: z.array(z.object({ name: z.string(), publicKey: z.string().regex(/^[A-Za-z2-7]{52}$/), addedAt: z.string() })),
  createdAt: z.string(),
});
export type OnionServiceRecord = z.infer<typeof onionServiceRecordSchema>;

/** Where service keys and client lists are kept (0600 files under ~/.bcm/secrets for the app). */
export interface OnionServiceStore {
  list(): Promise<OnionServiceRecord[]>;
  get(name: string): Promise<OnionServiceRecord | undefined>;
  save(record: OnionServiceRecord): Promise<void>;
  remove(name: string): Promise<void>;
}

export interface PublishInput {
  name: string;
  virtualPort: number;
  /** "127.0.0.1:8443" */
  target: string;
}

export function toOnionService(record: OnionServiceRecord, state: { live: boolean; uploaded: boolean }): OnionService {
  return {
    name: record.name,
    onionAddress: `${record.serviceId}.onion`,
    virtualPort: record.virtualPort,
    target: record.target,
    published: state.live && state.uploaded,
    publishing: state.live && !state.uploaded,
    clients: record.clients.map((c) => ({ name: c.name, addedAt: c.addedAt })),
    createdAt: record.createdAt,
  };
}

export class OnionServiceManager {
  /** serviceIds live on the current control connection's Tor */
  private readonly live = new Set<string>();
  private liveOn: TorControl | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private watch: { control: TorControl; watch: PublicationWatch } | undefined;

  constructor(
    private readonly store: OnionServiceStore,
    /** the control connection of the Tor that hosts the services (undefined: not running) */
    private readonly control: () => TorControl | undefined,
    private readonly policy: PublicationPolicy = DEFAULT_PUBLICATION_POLICY,
  ) {}

  /** The publication watch of this control connection (a new Tor gets a new one). */
  private async watchOn(control: TorControl): Promise<PublicationWatch> {
    if (this.watch?.control === control) return this.watch.watch;
    this.watch?.watch.stop();
    const watch = new PublicationWatch(control, (serviceId) => this.addAgain(serviceId), this.policy);
    this.watch = { control, watch };
    await watch.start();
    return watch;
  }

  /** The watch's re-add of a service Tor has not uploaded, in turn with the other changes. */
  private addAgain(serviceId: string): Promise<void> {
    return this.serial(async () => {
      const record = (await this.store.list()).find((r) => r.serviceId === serviceId);
      if (record && this.isLive(serviceId)) await this.republish(record);
    });
  }

  /** Tor uploaded the service's descriptor since it was last added: it can be reached. */
  isUploaded(serviceId: string): boolean {
    return this.isLive(serviceId) && (this.watch?.watch.uploaded(serviceId) ?? false);
  }

  private stateOf(serviceId: string): { live: boolean; uploaded: boolean } {
    return { live: this.isLive(serviceId), uploaded: this.isUploaded(serviceId) };
  }

  close(): void {
    this.watch?.watch.stop();
    this.watch = undefined;
  }

  /** One change at a time: client lists are read, changed and re-published in order. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private tor(): TorControl {
    const control = this.control();
    if (!control) throw new BcmError('UNREACHABLE', "Tor is not running, so the onion service cannot be published. Start Tor (Tor page), then try again.", { reason: 'tor-stopped' });
    if (this.liveOn !== control) {
      this.live.clear();
      this.liveOn = control;
    }
    return control;
  }

  isLive(serviceId: string): boolean {
    const control = this.control();
    return control !== undefined && control === this.liveOn && this.live.has(serviceId);
  }

  async list(): Promise<OnionService[]> {
    const records = await this.store.list();
    return records.map((r) => toOnionService(r, this.stateOf(r.serviceId)));
  }

  private async record(name: string): Promise<OnionServiceRecord> {
    const record = await this.store.get(name);
    if (!record) throw new BcmError('NOT_FOUND', `There is no onion service named "${name}".`, { service: name });
    return record;
  }

  private async add(control: TorControl, record: OnionServiceRecord): Promise<void> {
    if (record.clients.length === 0) {
      // Tor would publish an open service: with no authorised client, nothing is published at all.
      this.live.delete(record.serviceId);
      return;
    }
    // adding while Tor lacks directory info burns the service's circuit budget (onion-publication.ts)
    await waitReadyToPublish(control, this.policy.readyWaitMs);
    const result = await control.addOnion({
      key: record.privateKey,
      ports: [{ virtual: record.virtualPort, target: record.target }],
      clientAuthV3: record.clients.map((c) => c.publicKey),
      detach: true,
      discardPK: true,
    });
    if (result.serviceId !== record.serviceId) {
      throw new BcmError('INTERNAL', `Tor published ${result.serviceId}.onion instead of ${record.serviceId}.onion: the saved key does not match.`);
    }
    this.live.add(record.serviceId);
    (await this.watchOn(control)).added(record.serviceId);
  }

  private async remove(control: TorControl, serviceId: string): Promise<void> {
    try {
      await control.delOnion(serviceId);
    } catch (err) {
      // 552 "Unknown Onion Service id": already gone (e.g. Tor restarted)
      if (!(err instanceof TorControlError && err.status === 552)) throw err;
    }
    this.live.delete(serviceId);
    if (this.watch?.control === control) this.watch.watch.removed(serviceId);
  }

  private async republish(record: OnionServiceRecord): Promise<void> {
    const control = this.tor();
    if (this.live.has(record.serviceId)) await this.remove(control, record.serviceId);
    else await this.remove(control, record.serviceId).catch(() => undefined);
    await this.add(control, record);
  }

  /** Creates the service (a new key) or re-publishes a saved one with the same address. */
  publish(input: PublishInput): Promise<OnionService> {
    return this.serial(async () => {
      const existing = await this.store.get(input.name);
      if (existing) {
        await this.republish(existing);
        return toOnionService(existing, this.stateOf(existing.serviceId));
      }
      const made = generateOnionServiceKey();
      const record: OnionServiceRecord = {
        schemaVersion: 1,
        name: input.name,
        serviceId: made.serviceId,
        privateKey: made.privateKey,
        virtualPort: input.virtualPort,
        target: input.target,
        clients: [],
        createdAt: new Date().toISOString(),
      };
      await this.store.save(record);
      return toOnionService(record, { live: false, uploaded: false });
    });
  }

  /** Re-publishes every saved service (after Tor started or restarted). */
  restore(): Promise<void> {
    return this.serial(async () => {
      const control = this.tor();
      for (const record of await this.store.list()) await this.add(control, record);
    });
  }

  /** Authorises a new client; returns its private key (base32) for the pairing bundle: it is not kept here. */
  addClient(service: string, clientName: string): Promise<{ service: OnionService; record: OnionServiceRecord; privateKey: string }> {
    return this.serial(async () => {
      const record = await this.record(service);
      if (record.clients.some((c) => c.name === clientName)) {
        throw new BcmError('CONFLICT', `A client named "${clientName}" is already authorised for ${service}. Choose another name, or revoke that one first.`, { field: 'client' });
      }
      const pair = generateClientAuthKeyPair();
      const next: OnionServiceRecord = {
        ...record,
        clients: [...record.clients, { name: clientName, publicKey: pair.publicKey, addedAt: new Date().toISOString() }],
      };
      await this.republish(next);
      await this.store.save(next);
      return { service: toOnionService(next, this.stateOf(next.serviceId)), record: next, privateKey: pair.privateKey };
    });
  }

  /** Removes a client: its key stops working as soon as the new descriptors are out. */
  revokeClient(service: string, clientName: string): Promise<OnionService> {
    return this.serial(async () => {
      const record = await this.record(service);
      if (!record.clients.some((c) => c.name === clientName)) {
        throw new BcmError('NOT_FOUND', `No client named "${clientName}" is authorised for ${service}.`);
      }
      const next: OnionServiceRecord = { ...record, clients: record.clients.filter((c) => c.name !== clientName) };
      await this.store.save(next);
      // With Tor stopped the saved list is enough: the next start publishes without this client.
      if (this.control()) await this.republish(next);
      return toOnionService(next, this.stateOf(next.serviceId));
    });
  }

  /** Takes the service down and forgets its key: the address is gone for good. */
  unpublish(service: string): Promise<void> {
    return this.serial(async () => {
      const record = await this.record(service);
      const control = this.control();
      if (control) await this.remove(control, record.serviceId).catch(() => undefined);
      this.watch?.watch.forget(record.serviceId);
      await this.store.remove(service);
    });
  }
}

/**
 * Follows HS_DESC events of one service: `wait` resolves once a descriptor was uploaded to an
 * HSDir after the watch began (the service is then reachable). Start the watch before publishing.
 */
export async function watchDescriptorUploads(control: TorControl, serviceId: string): Promise<{ wait(timeoutMs: number): Promise<void>; stop(): void }> {
  let uploaded = false;
  const seen: string[] = [];
  const waiters = new Set<() => void>();
  const stop = await control.on('HS_DESC', (e) => {
    const [action, address] = e.body.split(' ');
    if (address === serviceId && action) {
      seen.push(`${action}${/REASON=(\S+)/.exec(e.body)?.[1] ? ` (${/REASON=(\S+)/.exec(e.body)?.[1]})` : ''}`);
      if (seen.length > 8) seen.shift();
    }
    if (action === 'UPLOADED' && address === serviceId) {
      uploaded = true;
      for (const w of waiters) w();
    }
  });
  return {
    wait(timeoutMs) {
      if (uploaded) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(done);
          const events = seen.length > 0 ? ` (Tor: ${seen.join(', ')})` : ' (Tor reported nothing about it)';
          reject(new BcmError('TIMEOUT', `The onion service ${serviceId}.onion was not published within ${Math.round(timeoutMs / 1000)} s${events}. Check that its Tor is connected.`, { events: [...seen] }));
        }, timeoutMs);
        waiters.add(done);
      });
    },
    stop,
  };
}
