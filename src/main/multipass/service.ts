import { hostname } from 'node:os';
import type { HostResources, LaunchJob, LaunchProgress, MultipassDetection, VmInfo, VmRecord, VmRequest } from '../../shared/channels/multipass';
import type { Endpoint } from '../../shared/endpoints';
import { BcmError } from '../../shared/errors';
import { MultipassCli } from './cli';
import { detectMultipass, missingError } from './detect';
import { hasVirtualization, measureHost } from './host';
import { launchVm, type EndpointPort } from './launcher';
import { locateMultipass, type Located } from './locate';
import type { VmStore } from './vm-store';

export interface MultipassServiceOptions {
  store: VmStore;
  endpoints: EndpointPort & { onRemoved?(listener: (name: string) => void): () => void };
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  hostName?: string;
  launchTimeoutSeconds?: number;
  setupTimeoutSeconds?: number;
  lxdWaitMs?: number;
  host?: () => Promise<HostResources>;
  virtualization?: () => Promise<boolean | null>;
}

interface Job {
  jobId: string;
  name: string;
  events: LaunchProgress[];
  finished: boolean;
  controller: AbortController;
}

const KEEP_FINISHED = 5;

/** Multipass VMs for BCM: detection, launches as jobs with progress and cancel, state, delete. */
export class MultipassService {
  private readonly jobs = new Map<string, Job>();
  private readonly listeners = new Set<(p: LaunchProgress) => void>();
  private readonly platform: NodeJS.Platform;
  private readonly env: NodeJS.ProcessEnv;
  private readonly host: () => Promise<HostResources>;
  private readonly virtualization: () => Promise<boolean | null>;
  private readonly stopListening: (() => void) | undefined;

  constructor(private readonly o: MultipassServiceOptions) {
    this.platform = o.platform ?? process.platform;
    this.env = o.env ?? process.env;
    this.host = o.host ?? (() => measureHost(this.platform, this.env));
    this.virtualization = o.virtualization ?? (() => hasVirtualization(this.platform, this.env));
    // an endpoint removed on the Endpoints page: the VM stays, but is no longer that endpoint
    this.stopListening = o.endpoints.onRemoved?.((name) => void this.endpointRemoved(name));
  }

  private locate(): Promise<Located> {
    return locateMultipass({ platform: this.platform, env: this.env });
  }

  private async cli(): Promise<MultipassCli> {
    const located = await this.locate();
    if (!located.found) throw missingError(located, this.platform);
    return new MultipassCli(located.path, this.platform);
  }

  detect(): Promise<MultipassDetection> {
    return detectMultipass({
      platform: this.platform,
      locate: () => this.locate(),
      host: this.host,
      virtualization: this.virtualization,
      cli: (path) => new MultipassCli(path, this.platform),
    });
  }

  onProgress(listener: (p: LaunchProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when the VM is an endpoint; progress goes to `onProgress` listeners. */
  async create(jobId: string, req: VmRequest): Promise<{ vm: VmRecord; endpoint: Endpoint }> {
    if (this.jobs.get(jobId)?.finished === false) throw new BcmError('CONFLICT', 'This launch is already running.');
    if ([...this.jobs.values()].some((j) => !j.finished && j.name === req.name)) {
      throw new BcmError('CONFLICT', `A VM named "${req.name}" is being launched right now.`, { field: 'name' });
    }
    if ((await this.virtualization()) === false) {
      throw new BcmError('PRECONDITION_FAILED', 'This computer has no hardware virtualisation available (/dev/kvm is missing), so multipass cannot run a VM. Deploy to this computer’s LXD instead.', {
        reason: 'no-virtualization',
      });
    }
    const job: Job = { jobId, name: req.name, events: [], finished: false, controller: new AbortController() };
    this.jobs.set(jobId, job);
    const emit = (e: Omit<LaunchProgress, 'jobId' | 'name' | 'at'>) => {
      const event: LaunchProgress = { ...e, jobId, name: req.name, at: new Date().toISOString() };
      // a flood of download percentages: keep the last of a run of them
      const last = job.events[job.events.length - 1];
      if (last && last.step === event.step && last.state === 'running' && event.state === 'running' && last.percent !== undefined && event.percent !== undefined) job.events.pop();
      job.events.push(event);
      for (const l of this.listeners) l(event);
    };
    try {
      const cli = await this.cli();
      await this.clearInterrupted(cli, req.name);
      return await launchVm(
        {
          cli,
          store: this.o.store,
          endpoints: this.o.endpoints,
          host: this.host,
          hostName: this.o.hostName ?? hostname(),
          launchTimeoutSeconds: this.o.launchTimeoutSeconds ?? 1800,
          setupTimeoutSeconds: this.o.setupTimeoutSeconds ?? 1800,
          lxdWaitMs: this.o.lxdWaitMs ?? 120_000,
        },
        req,
        emit,
        job.controller.signal,
      );
    } catch (err) {
      if (job.events.every((e) => e.state === 'running' || e.state === 'done')) {
        // failed before the flow started (multipass missing): still say so on the stream
        const shape = err instanceof BcmError ? err.toShape() : { code: 'INTERNAL' as const, message: String(err) };
        emit({ step: 'preflight', state: 'failed', message: shape.message, error: shape });
      }
      throw err;
    } finally {
      job.finished = true;
      this.prune();
    }
  }

  /** A launch cut short by a crash or a quit left a "launching" record (and maybe a VM): BCM's own, so remove both. */
  private async clearInterrupted(cli: MultipassCli, name: string): Promise<void> {
    const stale = await this.o.store.find(name);
    if (stale?.state !== 'launching') return;
    await cli.delete(name, { purge: true }).catch((err: unknown) => {
      if (!(err instanceof BcmError && err.code === 'NOT_FOUND')) throw err;
    });
    await this.o.store.remove(name, 'an earlier launch was interrupted');
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.finished) return false;
    job.controller.abort();
    return true;
  }

  listJobs(): LaunchJob[] {
    return [...this.jobs.values()].map(({ jobId, name, events, finished }) => ({ jobId, name, events: [...events], finished }));
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.finished);
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.jobId);
  }

  vms(): Promise<VmRecord[]> {
    return this.o.store.list();
  }

  forEndpoint(endpoint: string): Promise<VmRecord | null> {
    return this.o.store.forEndpoint(endpoint);
  }

  async info(name: string): Promise<VmInfo> {
    await this.o.store.get(name); // only VMs BCM launched
    return (await this.cli()).info(name);
  }

  async setState(name: string, action: 'start' | 'stop'): Promise<VmInfo> {
    await this.o.store.get(name);
    const cli = await this.cli();
    if (action === 'start') await cli.start(name);
    else await cli.stop(name);
    return cli.info(name);
  }

  /** Deletes and purges the VM, then forgets its files and its endpoint. */
  async delete(name: string, confirm: string): Promise<{ deleted: string; endpointRemoved: string | null }> {
    if (confirm !== name) throw new BcmError('VALIDATION', `Type the VM's name (${name}) to confirm.`, { field: 'confirm' });
    const record = await this.o.store.get(name);
    if ([...this.jobs.values()].some((j) => !j.finished && j.name === name)) {
      throw new BcmError('CONFLICT', `${name} is being launched: cancel the launch instead.`);
    }
    const cli = await this.cli();
    await cli.delete(name, { purge: true }).catch((err: unknown) => {
      if (!(err instanceof BcmError && err.code === 'NOT_FOUND')) throw err; // already gone: fine
    });
    await this.o.store.remove(name, 'deleted');
    let endpointRemoved: string | null = null;
    if (record.endpoint && (await this.o.endpoints.list()).some((e) => e.name === record.endpoint)) {
      await this.o.endpoints.remove(record.endpoint);
      endpointRemoved = record.endpoint;
    }
    return { deleted: name, endpointRemoved };
  }

  private async endpointRemoved(endpoint: string): Promise<void> {
    const vm = await this.o.store.forEndpoint(endpoint).catch(() => null);
    if (vm) await this.o.store.update({ ...vm, endpoint: null }, `Multipass VM ${vm.name} is no longer endpoint ${endpoint}`).catch(() => undefined);
  }

  close(): void {
    for (const job of this.jobs.values()) if (!job.finished) job.controller.abort();
    this.stopListening?.();
  }
}
