import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LaunchProgress, VmRequest } from '../../../src/shared/channels/multipass';
import { EndpointRegistry } from '../../../src/main/endpoints/registry';
import { ensureClientIdentity } from '../../../src/main/endpoints/identity';
import { endpointStatus } from '../../../src/main/endpoints/status';
import { MultipassService } from '../../../src/main/multipass/service';
import { VmStore } from '../../../src/main/multipass/vm-store';
import { EndpointStore } from '../../../src/main/store/endpoints-store';
import { layout, type BcmLayout } from '../../../src/main/store/paths';
import { SecretStore } from '../../../src/main/store/secrets';
import { cleanupTrust, FAKE_MULTIPASS, fake, fakeMultipassHome, pendingTokens, serverFingerprint, trustedNames } from './fake-env';

// New VM → endpoint, with the FAKE multipass (test/fakes/multipass) standing in for the snap-only
// CLI. Everything else is real: the "VM" answers with the real test LXD (HTTPS 127.0.0.1:8443),
// its first boot makes a real one-time trust token there, and BCM's registry enrols with it.
const PREFIX = `bcmt-mp-${process.pid.toString(36)}`;
const GiB = 2 ** 30;

describe('launching a VM and enrolling it as an endpoint (FAKE multipass, real LXD)', () => {
  let env: Awaited<ReturnType<typeof fakeMultipassHome>>;
  let dirs: BcmLayout;
  let registry: EndpointRegistry;
  let store: VmStore;
  let service: MultipassService;
  let clientFingerprint = '';
  let events: LaunchProgress[] = [];
  let n = 0;
  const req = (over: Partial<VmRequest> = {}): VmRequest => ({ name: `${PREFIX}-${++n}`, cpus: 2, memoryGiB: 2, diskGiB: 12, image: 'lts', ...over });
  const make = (opts: Partial<ConstructorParameters<typeof MultipassService>[0]> = {}) =>
    new MultipassService({ store, endpoints: registry, env: { ...process.env, BCM_MULTIPASS: FAKE_MULTIPASS }, platform: 'linux', hostName: 'testhost', lxdWaitMs: 10_000, ...opts });
  const exists = (p: string) => access(p).then(() => true, () => false);

  /** Nothing of this VM anywhere: no endpoint, no files, no VM, no pending token, no trust entry. */
  async function expectNothingLeft(name: string): Promise<void> {
    expect((await registry.list()).map((e) => e.name)).not.toContain(name);
    expect(await exists(store.dir(name))).toBe(false);
    expect(fake('list', '--format', 'json')).not.toContain(`"${name}"`);
    expect(pendingTokens(name)).toEqual([]);
    expect(trustedNames(name)).toEqual([]);
  }

  beforeAll(async () => {
    env = await fakeMultipassHome();
    dirs = layout(await mkdtemp(join(tmpdir(), 'bcmt-mp-home-')));
    registry = new EndpointRegistry(new EndpointStore(dirs), new SecretStore(dirs));
    store = new VmStore(dirs.runtime);
    clientFingerprint = (await ensureClientIdentity(new SecretStore(dirs))).fingerprint;
    service = make();
    service.onProgress((e) => events.push(e));
  });
  beforeEach(async () => {
    events = [];
    await env.setHost({});
  });
  afterAll(async () => {
    service?.close();
    registry?.close();
    // by fingerprint: the certificate this run's client identity got trusted with, if any is left
    cleanupTrust([clientFingerprint]);
    await env?.cleanup();
    await rm(dirs.root, { recursive: true, force: true });
  });

  it('launches, waits for LXD, enrols with the VM’s one-time token (pinned) and becomes an endpoint; delete leaves nothing', async () => {
    const r = req();
    const { vm, endpoint } = await service.create('job-happy', r);
    expect(endpoint).toMatchObject({ name: r.name, kind: 'https', address: '127.0.0.1:8443', serverFingerprint: serverFingerprint() });
    expect(vm).toMatchObject({ name: r.name, state: 'ready', endpoint: r.name, address: '127.0.0.1:8443', cpus: 2 });
    // reachable through the registry: the real LXD trusts this computer now
    const status = await endpointStatus(r.name, () => registry.client(r.name));
    expect(status.reachable).toBe(true);
    expect(status.server?.version).toMatch(/^5\./);
    // the token was redeemed (none pending) and its file removed from the "VM"
    expect(pendingTokens(r.name)).toEqual([]);
    expect(trustedNames(r.name)).toEqual([`${r.name}-testhost`]);
    expect(await exists(join(env.dir, 'tokens', r.name))).toBe(false);
    // every step in order, with the download's percentages
    const done = events.filter((e) => e.state === 'done').map((e) => e.step);
    expect(done).toEqual(['preflight', 'prepare', 'launch', 'setup', 'lxd', 'enrol', 'endpoint']);
    expect(events.some((e) => e.step === 'launch' && e.percent === 100)).toBe(true);
    // cloud-init kept for the record, without secrets
    const userData = await readFile(store.cloudInitPath(r.name), 'utf8');
    expect(userData).toContain(`lxc config trust add --name '${r.name}-testhost'`);
    expect(userData).not.toMatch(/eyJ[A-Za-z0-9+/=]{40,}|PRIVATE KEY/);
    expect(await service.forEndpoint(r.name)).toMatchObject({ name: r.name });
    expect(await service.info(r.name)).toMatchObject({ state: 'Running' });

    expect(await service.setState(r.name, 'stop')).toMatchObject({ state: 'Stopped' });
    expect(await service.setState(r.name, 'start')).toMatchObject({ state: 'Running' });
    await expect(service.delete(r.name, 'wrong')).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await service.delete(r.name, r.name)).toEqual({ deleted: r.name, endpointRemoved: r.name });
    await expectNothingLeft(r.name);
  }, 60_000);

  it('stops on a name clash with a VM multipass already has, and leaves that VM alone', async () => {
    const r = req();
    fake('launch', '--name', r.name, 'lts');
    await expect(service.create('job-clash', r)).rejects.toMatchObject({ code: 'CONFLICT', detail: { field: 'name' } });
    expect(fake('list', '--format', 'json')).toContain(`"${r.name}"`);
    expect(await exists(store.dir(r.name))).toBe(false);
    expect((await registry.list()).map((e) => e.name)).not.toContain(r.name);
    fake('delete', '--purge', r.name);
  }, 30_000);

  it('stops on a name clash with an endpoint', async () => {
    const r = req();
    await registry.adopt({ schemaVersion: 1, name: r.name, kind: 'unix', address: '/var/lib/lxd/unix.socket', addedAt: new Date().toISOString() });
    await expect(service.create('job-clash-ep', r)).rejects.toMatchObject({ code: 'CONFLICT' });
    await registry.remove(r.name);
    await expectNothingLeft(r.name);
  });

  it('stops when the computer has too little memory or disk (checked before launching)', async () => {
    const mem = req({ memoryGiB: 512 });
    await expect(service.create('job-mem', mem)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', detail: { reason: 'memory' } });
    await expectNothingLeft(mem.name);
    const disk = req({ diskGiB: 4096 });
    await expect(service.create('job-disk', disk)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', detail: { reason: 'disk' } });
    await expectNothingLeft(disk.name);
    expect(events.filter((e) => e.state === 'failed').map((e) => e.step)).toEqual(['preflight', 'preflight']);
  });

  it('stops when multipass itself finds too little disk or memory, deleting the VM it began', async () => {
    await env.setHost({ freeDiskBytes: 300 * 2 ** 20 });
    const disk = req();
    await expect(service.create('job-mpdisk', disk)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', detail: { reason: 'disk' } });
    await expectNothingLeft(disk.name);
    await env.setHost({ memoryBytes: 2 * GiB });
    const mem = req({ memoryGiB: 3 });
    await expect(service.create('job-mpmem', mem)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', detail: { reason: 'memory' } });
    await expectNothingLeft(mem.name);
  }, 30_000);

  it('stops on a launch timeout and deletes the half-started VM', async () => {
    await env.setHost({ bootSeconds: 30, timeScale: 1 });
    const quick = make({ launchTimeoutSeconds: 2 });
    const r = req();
    await expect(quick.create('job-timeout', r)).rejects.toMatchObject({ code: 'TIMEOUT' });
    quick.close();
    await expectNothingLeft(r.name);
  }, 30_000);

  it('stops when the first-boot setup fails, with cloud-init’s log', async () => {
    await env.setHost({ cloudInit: 'fail' });
    const r = req();
    const err = await service.create('job-ci', r).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PRECONDITION_FAILED', detail: { reason: 'cloud-init-failed' } });
    const detail = (err as { detail: { log: string; errors: string[] } }).detail;
    expect(detail.log).toContain('Failed to install packages');
    expect(detail.errors.join()).toContain('package_update_upgrade_install');
    expect(events.find((e) => e.state === 'failed')).toMatchObject({ step: 'setup', error: { code: 'PRECONDITION_FAILED' } });
    await expectNothingLeft(r.name);
  }, 30_000);

  it('stops when the multipass service is not running, having made nothing', async () => {
    await env.setHost({ daemon: 'stopped' });
    const r = req();
    await expect(service.create('job-daemon', r)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', detail: { reason: 'daemon-down' } });
    await env.setHost({});
    await expectNothingLeft(r.name);
  });

  it('cancels mid-launch and removes what it made', async () => {
    await env.setHost({ bootSeconds: 30, timeScale: 1 });
    const r = req();
    const running = service.create('job-cancel', r);
    const failed = running.catch((e: unknown) => e);
    await expect.poll(() => events.some((e) => e.step === 'launch' && e.message.startsWith('Waiting for initialization')), { timeout: 10_000 }).toBe(true);
    expect(service.listJobs().find((j) => j.jobId === 'job-cancel')).toMatchObject({ finished: false });
    expect(service.cancel('job-cancel')).toBe(true);
    expect(await failed).toMatchObject({ code: 'CANCELLED' });
    expect(events.at(-1)).toMatchObject({ state: 'cancelled', step: 'launch' });
    await expectNothingLeft(r.name);
  }, 30_000);

  it('never leaves a half-registered endpoint: cancelled right after enrolment, all is undone', async () => {
    const r = req();
    const late: { svc?: MultipassService } = {};
    const endpoints = {
      list: () => registry.list(),
      probeRemote: (a: string) => registry.probeRemote(a),
      remove: (name: string) => registry.remove(name),
      addRemote: async (input: Parameters<EndpointRegistry['addRemote']>[0]) => {
        const ep = await registry.addRemote(input);
        late.svc?.cancel('job-late');
        return ep;
      },
    };
    const svc = make({ endpoints });
    late.svc = svc;
    await expect(svc.create('job-late', r)).rejects.toMatchObject({ code: 'CANCELLED' });
    svc.close();
    await expectNothingLeft(r.name);
  }, 30_000);

  it('clears what a launch cut short by a quit left (its record and its VM), then launches', async () => {
    const r = req();
    await store.saveLaunching({ schemaVersion: 1, ...r, state: 'launching', endpoint: null, address: null, createdAt: new Date().toISOString() }, '#cloud-config\n');
    fake('launch', '--name', r.name, 'lts');
    const { vm } = await service.create('job-stale', r);
    expect(vm).toMatchObject({ name: r.name, state: 'ready' });
    await service.delete(r.name, r.name);
    await expectNothingLeft(r.name);
  }, 30_000);

  it('refuses a server whose certificate is not the one the VM’s token names, sending nothing', async () => {
    const r = req();
    let added = false;
    const endpoints = {
      list: () => registry.list(),
      remove: (name: string) => registry.remove(name),
      probeRemote: async (a: string) => ({ ...(await registry.probeRemote(a)), fingerprint: 'e'.repeat(64) }),
      addRemote: async (input: Parameters<EndpointRegistry['addRemote']>[0]) => {
        added = true;
        return registry.addRemote(input);
      },
    };
    const svc = make({ endpoints });
    await expect(svc.create('job-mitm', r)).rejects.toMatchObject({ code: 'CERT_MISMATCH' });
    svc.close();
    expect(added).toBe(false);
    await expectNothingLeft(r.name);
  }, 30_000);
});
