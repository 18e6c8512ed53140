import { BcmError } from '../../shared/errors';
import type {
  InstanceAction,
  LxdInstance,
  LxdInstanceCreate,
  LxdInstancePut,
  LxdInstanceState,
  LxdOperation,
} from './api';
import type { Scope } from './collection';
import { seg, type LxdCore, type LxdRequestOptions, type WithEtag } from './core';
import type { OperationsApi, WaitOptions } from './operations';

export interface InstanceListOptions {
  project?: string;
  /** every project (the `project` field of each instance says which) */
  allProjects?: boolean;
  /** 1: config only; 2 (default): with state (network addresses, memory, CPU) */
  recursion?: 1 | 2;
  /** LXD's server-side filter, e.g. "status=Running" */
  filter?: string;
  signal?: AbortSignal;
}

export interface StateChange {
  action: InstanceAction;
  /** stop/restart: kill instead of a clean shutdown */
  force?: boolean;
  /** seconds to wait for a clean shutdown before failing (-1: LXD's default) */
  timeout?: number;
  stateful?: boolean;
}

export type OperationWait = Pick<WaitOptions, 'signal' | 'onProgress' | 'timeoutSeconds'>;

const instPath = (name: string): string => `/1.0/instances/${seg(name)}`;

/** `/1.0/instances`: list, lifecycle and configuration of containers and VMs. */
export class InstancesApi {
  constructor(
    private readonly core: LxdCore,
    private readonly operations: OperationsApi,
  ) {}

  private opts(scope: Scope = {}, extra: LxdRequestOptions = {}): LxdRequestOptions {
    return scope.project !== undefined ? { ...extra, project: scope.project } : extra;
  }

  list(options: InstanceListOptions = {}): Promise<LxdInstance[]> {
    const opts: LxdRequestOptions = { query: { recursion: options.recursion ?? 2, filter: options.filter } };
    if (options.allProjects) opts.allProjects = true;
    else if (options.project !== undefined) opts.project = options.project;
    if (options.signal) opts.signal = options.signal;
    return this.core.get<LxdInstance[]>('/1.0/instances', opts);
  }

  /** One instance; `recursion: 1` adds its state (and snapshots) in the same call. */
  get(name: string, options: Scope & { recursion?: 0 | 1 } = {}): Promise<LxdInstance> {
    return this.core.get<LxdInstance>(instPath(name), this.opts(options, { query: { recursion: options.recursion } }));
  }

  getWithEtag(name: string, scope?: Scope): Promise<WithEtag<LxdInstance>> {
    return this.core.getWithEtag<LxdInstance>(instPath(name), this.opts(scope));
  }

  state(name: string, scope?: Scope): Promise<LxdInstanceState> {
    return this.core.get<LxdInstanceState>(`${instPath(name)}/state`, this.opts(scope));
  }

  /**
   * Creates (stopped; LXD 5.0.2 has no create-and-start) and waits; progress while unpacking.
   * `target` places it on a cluster member.
   */
  async create(body: LxdInstanceCreate, options: Scope & OperationWait & { target?: string } = {}): Promise<LxdOperation | undefined> {
    const res = await this.core.post('/1.0/instances', body, this.opts(options, options.target ? { query: { target: options.target } } : {}));
    return this.operations.complete(res, options);
  }

  async setState(name: string, change: StateChange, options: Scope & OperationWait = {}): Promise<void> {
    const body = {
      action: change.action,
      force: change.force ?? false,
      timeout: change.timeout ?? -1,
      stateful: change.stateful ?? false,
    };
    const res = await this.core.put(`${instPath(name)}/state`, body, this.opts(options));
    await this.operations.complete(res, options);
  }

  start(name: string, scope?: Scope): Promise<void> {
    return this.setState(name, { action: 'start' }, scope);
  }

  stop(name: string, options: Scope & { force?: boolean; timeout?: number } = {}): Promise<void> {
    const change: StateChange = { action: 'stop' };
    if (options.force !== undefined) change.force = options.force;
    if (options.timeout !== undefined) change.timeout = options.timeout;
    return this.setState(name, change, options);
  }

  restart(name: string, options: Scope & { force?: boolean; timeout?: number } = {}): Promise<void> {
    const change: StateChange = { action: 'restart' };
    if (options.force !== undefined) change.force = options.force;
    if (options.timeout !== undefined) change.timeout = options.timeout;
    return this.setState(name, change, options);
  }

  /** Replaces the writable config (PUT); with `etag` a concurrent change is refused (CONFLICT). */
  async update(name: string, body: LxdInstancePut, options: Scope & { etag?: string } = {}): Promise<void> {
    const extra: LxdRequestOptions = options.etag !== undefined ? { etag: options.etag } : {};
    await this.operations.complete(await this.core.put(instPath(name), body, this.opts(options, extra)));
  }

  /** Merges config/devices (PATCH); `etag` as for update. */
  async patch(name: string, body: Partial<LxdInstancePut>, options: Scope & { etag?: string } = {}): Promise<void> {
    const extra: LxdRequestOptions = options.etag !== undefined ? { etag: options.etag } : {};
    await this.operations.complete(await this.core.patch(instPath(name), body, this.opts(options, extra)));
  }

  async rename(name: string, newName: string, scope?: Scope): Promise<void> {
    await this.operations.complete(await this.core.post(instPath(name), { name: newName }, this.opts(scope)));
  }

  /** Deletes; with `force` a running instance is killed first. */
  async delete(name: string, options: Scope & { force?: boolean } = {}): Promise<void> {
    if (options.force) {
      const st = await this.state(name, options);
      if (st.status !== 'Stopped') await this.setState(name, { action: 'stop', force: true }, options);
    }
    await this.operations.complete(await this.core.delete(instPath(name), this.opts(options)));
  }

  /** Polls the state until the NIC has a global IPv4 address (DHCP done); returns it. */
  async waitForIpv4(
    name: string,
    options: Scope & { nic?: string; timeoutMs?: number; intervalMs?: number; signal?: AbortSignal } = {},
  ): Promise<string> {
    const nic = options.nic ?? 'eth0';
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (;;) {
      if (options.signal?.aborted) throw new BcmError('CANCELLED', `Stopped waiting for ${name} to get an address.`);
      const st = await this.state(name, options);
      const addr = st.network?.[nic]?.addresses.find((a) => a.family === 'inet' && a.scope === 'global');
      if (addr) return addr.address;
      if (Date.now() > deadline) {
        throw new BcmError(
          'LXD_ERROR',
          `${name} has no IPv4 address on ${nic} after ${Math.round((options.timeoutMs ?? 30_000) / 1000)} s (state ${st.status}). Check its network (\`lxc exec ${name} -- ip addr\`) and the bridge's DHCP.`,
          { instance: name, nic },
        );
      }
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
    }
  }
}
