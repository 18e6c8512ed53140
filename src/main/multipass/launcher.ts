import type { HostResources, LaunchProgress, LaunchStep, VmRecord, VmRequest } from '../../shared/channels/multipass';
import type { Credential, Endpoint, RemoteProbe } from '../../shared/endpoints';
import { BcmError, toErrorShape } from '../../shared/errors';
import { parseTrustToken, type TrustToken } from '../../shared/trust-token';
import type { MultipassCli } from './cli';
import { buildVmCloudInit, LXD_PORT, TOKEN_PATH, trustNameFor } from './cloud-init';
import { parseCloudInitStatus } from './parse';
import { preflight } from './preflight';
import type { VmStore } from './vm-store';

/** What the flow needs of the endpoint registry (EndpointRegistry has it). */
export interface EndpointPort {
  list(): Promise<Endpoint[]>;
  probeRemote(address: string): Promise<RemoteProbe>;
  addRemote(input: { name: string; address: string; fingerprint: string; credential: Credential }): Promise<Endpoint>;
  remove(name: string): Promise<void>;
}

export interface LaunchDeps {
  cli: MultipassCli;
  store: VmStore;
  endpoints: EndpointPort;
  host: () => Promise<HostResources>;
  /** this computer's name, for the trust entry in the VM */
  hostName: string;
  /** multipass's own --timeout for create + boot + first-boot setup */
  launchTimeoutSeconds: number;
  /** waiting for `cloud-init status --wait` after launch */
  setupTimeoutSeconds: number;
  /** waiting for LXD's API to answer after setup */
  lxdWaitMs: number;
  now?: () => Date;
}

export type Emit = (event: Omit<LaunchProgress, 'jobId' | 'name' | 'at'>) => void;

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), reject(new BcmError('CANCELLED', 'Cancelled.'))), { once: true });
  });

/** The token in what `lxc config trust add` printed (a header line, then the token; or the token alone). */
export function extractToken(text: string): { text: string; token: TrustToken } | null {
  const words = text.split(/\s+/).filter((w) => w.length > 40);
  for (const word of words.reverse()) {
    const parsed = parseTrustToken(word);
    if (parsed.ok) return { text: word, token: parsed.token };
  }
  return null;
}

/** The VM address LXD answers on: one multipass reports that the token also names, else the first. */
export function pickAddress(ipv4: string[], tokenAddresses: string[]): string | null {
  const candidates = ipv4.map((ip) => `${ip}:${LXD_PORT}`);
  return candidates.find((c) => tokenAddresses.includes(c)) ?? candidates[0] ?? null;
}

function checkCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new BcmError('CANCELLED', 'Cancelled.');
}

/**
 * New VM → endpoint: checks, cloud-init, `multipass launch` with its progress, the first-boot
 * setup, LXD answering, enrolment with the VM's one-time token (the certificate pinned to the
 * fingerprint the token names), the endpoint. On failure or cancel everything it made is undone
 * (the endpoint, the VM, its files) and nothing is left half-registered.
 */
export async function launchVm(deps: LaunchDeps, req: VmRequest, emit: Emit, signal: AbortSignal): Promise<{ vm: VmRecord; endpoint: Endpoint }> {
  const { cli, store, endpoints } = deps;
  const now = deps.now ?? (() => new Date());
  let current: LaunchStep = 'preflight';
  const step = (s: LaunchStep, state: 'running' | 'done', message: string, percent?: number) => {
    current = s;
    emit(percent === undefined ? { step: s, state, message } : { step: s, state, message, percent });
  };
  const made = { record: false, vm: false, endpoint: false };

  try {
    step('preflight', 'running', 'Checking multipass, the name and this computer');
    if ((await endpoints.list()).some((e) => e.name === req.name)) {
      throw new BcmError('CONFLICT', `An endpoint named "${req.name}" already exists. Choose another name for the VM.`, { field: 'name' });
    }
    if (await store.find(req.name)) {
      throw new BcmError('CONFLICT', `BCM already launched a VM named "${req.name}". Choose another name, or delete that VM first.`, { field: 'name' });
    }
    if ((await cli.list(signal)).some((vm) => vm.name === req.name)) {
      throw new BcmError('CONFLICT', `multipass already has a VM named "${req.name}" (not one BCM made). Choose another name, or delete it with \`multipass delete --purge ${req.name}\`.`, { field: 'name' });
    }
    const check = preflight(req, await deps.host());
    if (check.error) throw check.error;
    step('preflight', 'done', check.warnings.join(' ') || `Room for ${req.cpus} vCPUs, ${req.memoryGiB} GiB memory and a ${req.diskGiB} GiB disk`);
    checkCancelled(signal);

    step('prepare', 'running', 'Writing the cloud-init');
    const cloudInit = buildVmCloudInit({ vmName: req.name, trustName: trustNameFor(req.name, deps.hostName) });
    const record: VmRecord = { schemaVersion: 1, ...req, state: 'launching', endpoint: null, address: null, createdAt: now().toISOString() };
    await store.saveLaunching(record, cloudInit);
    made.record = true;
    step('prepare', 'done', `Saved as ~/.bcm/runtime/multipass/${req.name}/cloud-init.yaml (no secrets inside)`);
    checkCancelled(signal);

    step('launch', 'running', `multipass launch ${req.image} (${req.cpus} vCPUs, ${req.memoryGiB} GiB, ${req.diskGiB} GiB)`);
    made.vm = true;
    try {
      await cli.launch(
        { name: req.name, cpus: req.cpus, memoryGiB: req.memoryGiB, diskGiB: req.diskGiB, image: req.image, cloudInit, timeoutSeconds: deps.launchTimeoutSeconds },
        (out) => step('launch', 'running', out.text, out.kind === 'download' ? out.percent : undefined),
        signal,
      );
    } catch (err) {
      // a clash multipass found itself: that VM is not ours to delete
      if (err instanceof BcmError && err.code === 'CONFLICT') made.vm = false;
      throw err;
    }
    step('launch', 'done', `${req.name} is running`);

    step('setup', 'running', 'Waiting for the first-boot setup (LXD, Tor) to finish');
    const status = await cloudInitStatus(cli, req.name, deps.setupTimeoutSeconds, signal);
    if (status.status !== 'done') {
      const log = await cloudInitLog(cli, req.name);
      const errors = status.errors.length ? status.errors.join('; ') : (status.detail ?? status.status);
      throw new BcmError(
        'PRECONDITION_FAILED',
        `The VM's first-boot setup failed (cloud-init: ${errors}). The end of its log is shown below; the VM was deleted again. Check this computer's internet connection and try again.`,
        { reason: 'cloud-init-failed', errors: status.errors, log },
      );
    }
    step('setup', 'done', status.extended_status && status.extended_status !== 'done' ? `cloud-init: ${status.extended_status}` : 'LXD and Tor are installed');
    checkCancelled(signal);

    step('lxd', 'running', 'Reading the VM’s address and its one-time trust token');
    const info = await cli.info(req.name, signal);
    const token = await readToken(cli, req.name, signal);
    const address = pickAddress(info.ipv4, token.token.addresses);
    if (!address) throw new BcmError('UNREACHABLE', `multipass reports no IPv4 address for ${req.name} (state ${info.state}). Check \`multipass info ${req.name}\`.`);
    step('lxd', 'running', `Waiting for LXD at https://${address}`);
    const probe = await waitForLxd(endpoints, address, deps.lxdWaitMs, signal);
    step('lxd', 'done', `LXD ${probe.lxdVersion ?? ''} answers at ${address}`.replace('  ', ' '));

    step('enrol', 'running', `Pinning certificate ${token.token.fingerprint.slice(0, 16)}… and redeeming the one-time token`);
    if (probe.fingerprint !== token.token.fingerprint) {
      throw new BcmError(
        'CERT_MISMATCH',
        `The server at ${address} presents certificate ${probe.fingerprint.slice(0, 16)}…, but the VM's own token names ${token.token.fingerprint.slice(0, 16)}…: it is not the VM's LXD. Nothing was sent; the VM was deleted again.`,
        { expected: token.token.fingerprint, actual: probe.fingerprint },
      );
    }
    const endpoint = await endpoints.addRemote({ name: req.name, address, fingerprint: token.token.fingerprint, credential: { kind: 'token', token: token.text } });
    made.endpoint = true;
    checkCancelled(signal);
    await cli.exec(req.name, ['sudo', 'rm', '-f', TOKEN_PATH]).catch(() => undefined); // used up anyway; don't leave it lying around
    step('enrol', 'done', `Enrolled; certificate ${token.token.fingerprint.slice(0, 16)}… pinned`);

    step('endpoint', 'running', 'Saving');
    const ready: VmRecord = { ...record, state: 'ready', endpoint: endpoint.name, address };
    await store.update(ready, `Multipass VM ${req.name} is endpoint ${endpoint.name} (https ${address})`);
    step('endpoint', 'done', `Endpoint ${endpoint.name} (https://${address})`);
    return { vm: ready, endpoint };
  } catch (err) {
    const error = signal.aborted ? new BcmError('CANCELLED', 'Cancelled: the VM and everything made for it were removed.') : asBcm(err);
    await undo(deps, req.name, made);
    emit({ step: current, state: error.code === 'CANCELLED' ? 'cancelled' : 'failed', message: error.message, error: toErrorShape(error) });
    throw error;
  }
}

function asBcm(err: unknown): BcmError {
  if (err instanceof BcmError) return err;
  const shape = toErrorShape(err);
  return new BcmError(shape.code, shape.message, shape.detail);
}

/** Best effort, each part on its own: the endpoint, the VM (this one only), its files. */
async function undo(deps: LaunchDeps, name: string, made: { record: boolean; vm: boolean; endpoint: boolean }): Promise<void> {
  if (made.endpoint) await deps.endpoints.remove(name).catch(() => undefined);
  if (made.vm) await deleteVm(deps.cli, name);
  if (made.record) await deps.store.remove(name, 'launch did not finish').catch(() => undefined);
}

/** multipassd may still be busy with a launch the client gave up on: retry for a while. */
async function deleteVm(cli: MultipassCli, name: string): Promise<void> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      await cli.delete(name, { purge: true });
      return;
    } catch (err) {
      if (err instanceof BcmError && err.code === 'NOT_FOUND') return;
      await new Promise((r) => setTimeout(r, 2_000 * attempt));
    }
  }
}

async function cloudInitStatus(cli: MultipassCli, name: string, timeoutSeconds: number, signal: AbortSignal) {
  const res = await cli.exec(name, ['cloud-init', 'status', '--wait', '--format', 'json'], { signal, timeoutMs: timeoutSeconds * 1000 });
  return parseCloudInitStatus(res.stdout);
}

async function cloudInitLog(cli: MultipassCli, name: string): Promise<string> {
  const res = await cli.exec(name, ['sudo', 'tail', '-n', '60', '/var/log/cloud-init-output.log'], { timeoutMs: 30_000 }).catch(() => null);
  return res && res.code === 0 ? res.stdout : '(the log could not be read)';
}

async function readToken(cli: MultipassCli, name: string, signal: AbortSignal): Promise<{ text: string; token: TrustToken }> {
  const res = await cli.exec(name, ['sudo', 'cat', TOKEN_PATH], { signal, timeoutMs: 30_000 });
  const found = res.code === 0 ? extractToken(res.stdout) : null;
  if (!found) {
    throw new BcmError('TOKEN_INVALID', `The VM has no usable trust token at ${TOKEN_PATH} (its setup did not make one). The VM was deleted again; try once more, and if it recurs look at /var/log/cloud-init-output.log inside a new VM.`);
  }
  return found;
}

async function waitForLxd(endpoints: EndpointPort, address: string, waitMs: number, signal: AbortSignal): Promise<RemoteProbe> {
  const end = Date.now() + waitMs;
  for (;;) {
    checkCancelled(signal);
    try {
      return await endpoints.probeRemote(address);
    } catch (err) {
      if (!(err instanceof BcmError) || err.code !== 'UNREACHABLE' || Date.now() > end) {
        if (err instanceof BcmError && err.code === 'UNREACHABLE') {
          throw new BcmError('TIMEOUT', `LXD in the VM did not answer at https://${address} within ${Math.round(waitMs / 1000)} s (${err.message}).`, { address });
        }
        throw err;
      }
    }
    await sleep(1_000, signal);
  }
}
