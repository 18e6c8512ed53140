import { containersOf } from '../../../shared/datacenter/catalog';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import { BcmError } from '../../../shared/errors';
import type { EndpointRegistry } from '../../endpoints/registry';
import type { LxdClient } from '../../lxd';
import { torNotConnected } from '../components/gateway-tor';
import { namesFor } from '../naming';
import { readGatewayTor, readHostname } from '../remote-access/gateway-onion';
import type { OnionClientEntry } from '../remote-access/onion-files';

/**
 * What the services of the gateway's onions (remote access, wallet pairing, app onions) share: one
 * change per datacenter at a time, the gateway looked up with the marker its onion step leaves,
 * whether Tor publishes an address, and a client-list change that is undone when the gateway
 * refuses it.
 */

const RUNNING = 103;

export interface GatewayOnionDeps {
  registry: Pick<EndpointRegistry, 'client'>;
  /** the datacenter's spec, and whether an apply/down is under way */
  datacenters: { get(name: string): Promise<DatacenterSpec>; runs: { isRunning(name: string): boolean } };
}

export interface GatewayRef {
  spec: DatacenterSpec;
  client: LxdClient;
  project: string;
  instance: string;
  status: 'missing' | 'stopped' | 'running';
  /** the onion step's marker on the gateway (`user.bcm.step.<key>`), once it ran */
  record?: string;
}

/** One change per datacenter at a time; a failed change does not stop the next. */
export class DatacenterQueue {
  private readonly queues = new Map<string, Promise<unknown>>();

  run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(name) ?? Promise.resolve()).then(work, work);
    this.queues.set(name, next.catch(() => undefined));
    return next;
  }
}

/** The datacenter's gateway container and the marker `mark` it carries. */
export async function findGateway(deps: GatewayOnionDeps, name: string, mark: string): Promise<GatewayRef> {
  const spec = await deps.datacenters.get(name);
  const client = await deps.registry.client(spec.endpoint);
  const project = namesFor(spec.name).project;
  const instance = containersOf(spec).find((c) => c.component === 'gateway')?.name ?? 'gateway';
  try {
    const inst = await client.instances.get(instance, { project });
    const record = inst.config?.[mark];
    return { spec, client, project, instance, status: inst.status_code === RUNNING ? 'running' : 'stopped', ...(record ? { record } : {}) };
  } catch (err) {
    if (err instanceof BcmError && err.code === 'NOT_FOUND') return { spec, client, project, instance, status: 'missing' };
    throw err;
  }
}

/** Refuses a change while an apply or down of the datacenter runs. */
export function notWhileRunning(deps: GatewayOnionDeps, name: string): void {
  if (deps.datacenters.runs.isRunning(name)) throw new BcmError('CONFLICT', `The datacenter "${name}" is being changed right now; wait for it to finish.`);
}

export type Publication = { published: true } | { published: false; message: string };

/**
 * Whether the gateway's Tor serves `serviceId` from `dir` and a directory stored its descriptor
 * (issue 15: an address Tor wrote is not yet reachable). `messages` word the two waits.
 */
export async function publicationOf(gw: GatewayRef, dir: string | undefined, serviceId: string | undefined, messages: { otherAddress: string; publishing: string }): Promise<Publication> {
  const t = { client: gw.client, project: gw.project, instance: gw.instance };
  const hostname = await readHostname(t, dir);
  if (serviceId === undefined || hostname !== serviceId) return { published: false, message: messages.otherAddress };
  const tor = await readGatewayTor(t);
  if (tor.uploaded) return { published: true };
  return { published: false, message: torNotConnected(tor) ?? messages.publishing };
}

/**
 * Replaces the authorised clients: the gateway first, then the kept list; when either fails, the
 * kept list and (as far as it can) the gateway go back to `before`, and the error is thrown.
 */
export async function changeClients(input: {
  before: OnionClientEntry[];
  after: OnionClientEntry[];
  push: (clients: OnionClientEntry[]) => Promise<void>;
  save: (clients: OnionClientEntry[]) => Promise<void>;
  /** more work that must succeed with the change (e.g. an LXD trust token) */
  then?: () => Promise<void>;
}): Promise<void> {
  try {
    await input.push(input.after);
    await input.save(input.after);
    await input.then?.();
  } catch (err) {
    await input.save(input.before);
    await input.push(input.before).catch(() => undefined);
    throw err;
  }
}

/** The client list with `name` removed, or NOT_FOUND with `missing` as the message. */
export function withoutClient(before: OnionClientEntry[], name: string, missing: string): OnionClientEntry[] {
  if (!before.some((c) => c.name === name)) throw new BcmError('NOT_FOUND', missing);
  return before.filter((c) => c.name !== name);
}

/** Refuses a client name that is authorised already (CONFLICT with `taken` as the message, on `field`). */
export function assertNewClient(before: OnionClientEntry[], name: string, taken: string, field: string): void {
  if (before.some((c) => c.name === name)) throw new BcmError('CONFLICT', taken, { field });
}

/** The common frame of a service of one of the gateway's onions: its queue, its gateway lookup and its status. */
export abstract class GatewayOnionService<Status, Deps extends GatewayOnionDeps = GatewayOnionDeps> {
  protected readonly queue = new DatacenterQueue();

  constructor(
    protected readonly deps: Deps,
    private readonly mark: string,
  ) {}

  /** The gateway with this service's step marker. */
  protected gateway(name: string): Promise<GatewayRef> {
    return findGateway(this.deps, name, this.mark);
  }

  async status(name: string): Promise<Status> {
    return this.statusOf(await this.gateway(name));
  }

  protected abstract statusOf(gw: GatewayRef): Promise<Status>;
}
