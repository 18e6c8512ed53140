import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EndpointRegistry } from '../../../src/main/endpoints/registry';
import { InstanceService } from '../../../src/main/endpoints/instances';
import { endpointStatus } from '../../../src/main/endpoints/status';
import { ensureClientIdentity } from '../../../src/main/endpoints/identity';
import { EndpointStore } from '../../../src/main/store/endpoints-store';
import { layout, type BcmLayout } from '../../../src/main/store/paths';
import { SecretStore } from '../../../src/main/store/secrets';
import type { InstanceEvent } from '../../../src/shared/instances';

// Real LXD, started by scripts/setup-test-env.sh: HTTPS on 127.0.0.1:8443 with this trust password.
const HTTPS = process.env.BCM_TEST_LXD_HTTPS ?? '127.0.0.1:8443';
const PASSWORD = process.env.BCM_TEST_TRUST_PASSWORD ?? 'bcm-test-trust';
const IMAGE = 'bcm-test-busybox';

const lxc = (...args: string[]): string => execFileSync('lxc', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const serverFingerprint = (): string => {
  const info = JSON.parse(lxc('query', '/1.0')) as { environment: { certificate_fingerprint: string } };
  return info.environment.certificate_fingerprint;
};

async function until<T>(what: string, probe: () => T | undefined, context?: () => string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${context ? `; seen: ${context()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('endpoint registry against the real LXD', () => {
  let dirs: BcmLayout;
  let registry: EndpointRegistry;
  let instances: InstanceService;
  let clientFingerprint: string | undefined;
  const container = `bcmt-reg-${process.pid}`;

  beforeAll(async () => {
    dirs = layout(await mkdtemp(join(tmpdir(), 'bcm-reg-')));
    registry = new EndpointRegistry(new EndpointStore(dirs), new SecretStore(dirs));
    instances = new InstanceService(registry);
  });

  afterAll(async () => {
    registry.close();
    try {
      lxc('delete', '--force', container);
    } catch {
      // not created, or already gone
    }
    if (clientFingerprint) {
      try {
        lxc('config', 'trust', 'remove', clientFingerprint);
      } catch {
        // not trusted
      }
    }
    await rm(dirs.root, { recursive: true, force: true });
  });

  it('finds the local socket and adds it as an endpoint', async () => {
    const found = await registry.detectLocal();
    expect(found).toMatchObject({ state: 'ready', socketPath: '/var/lib/lxd/unix.socket' });
    const changes: string[][] = [];
    const stop = registry.onChanged((list) => changes.push(list.map((e) => e.name)));
    const endpoint = await registry.addLocal('local');
    stop();
    expect(endpoint).toMatchObject({ name: 'local', kind: 'unix', address: '/var/lib/lxd/unix.socket' });
    expect(changes).toEqual([['local']]);
    const onDisk = JSON.parse(await readFile(join(dirs.endpoints, 'local.json'), 'utf8'));
    expect(onDisk).toMatchObject({ schemaVersion: 1, name: 'local', kind: 'unix' });
    await expect(registry.addLocal('local')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('reports status: version, instances, resources', async () => {
    const status = await endpointStatus('local', () => registry.client('local'));
    expect(status.reachable).toBe(true);
    expect(status.server?.version).toMatch(/^5\./);
    expect(status.resources?.memory.total).toBeGreaterThan(0);
    expect(status.resources?.cpu.threads).toBeGreaterThan(0);
    expect(status.resources?.disk.total).toBeGreaterThan(0);
    expect(status.instances?.total).toBeGreaterThanOrEqual(0);
  });

  it('probes a remote: the certificate fingerprint LXD itself reports, not yet trusted', async () => {
    const probe = await registry.probeRemote(`https://${HTTPS}`);
    expect(probe.address).toBe(HTTPS);
    expect(probe.fingerprint).toBe(serverFingerprint());
    expect(probe.certificatePem).toContain('BEGIN CERTIFICATE');
    expect(probe.trusted).toBe(false);
    // the client identity was made on the way, with private files
    expect((await stat(join(dirs.secrets, 'client.key'))).mode & 0o777).toBe(0o600);
  });

  it('refuses a wrong trust password with AUTH_FAILED and stores nothing', async () => {
    const fingerprint = serverFingerprint();
    await expect(
      registry.addRemote({ name: 'wrong', address: HTTPS, fingerprint, credential: { kind: 'password', password: 'not-it' } }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect((await registry.list()).map((e) => e.name)).toEqual(['local']);
  });

  it('refuses when the confirmed fingerprint is not the server’s (certificate changed)', async () => {
    await expect(
      registry.addRemote({ name: 'mitm', address: HTTPS, fingerprint: 'f'.repeat(64), credential: { kind: 'password', password: PASSWORD } }),
    ).rejects.toMatchObject({ code: 'CERT_MISMATCH' });
  });

  it('refuses a token made for another server', async () => {
    const token = Buffer.from(
      JSON.stringify({ client_name: 'x', fingerprint: 'e'.repeat(64), addresses: [HTTPS], secret: 's', expires_at: '0001-01-01T00:00:00Z' }),
    ).toString('base64');
    await expect(
      registry.addRemote({ name: 'tok', address: HTTPS, fingerprint: serverFingerprint(), credential: { kind: 'token', token } }),
    ).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('adds the same daemon as a remote over HTTPS with the trust password, pinned', async () => {
    const fingerprint = serverFingerprint();
    const endpoint = await registry.addRemote({ name: 'remote', address: HTTPS, fingerprint, credential: { kind: 'password', password: PASSWORD } });
    clientFingerprint = (await ensureClientIdentity(new SecretStore(dirs))).fingerprint;
    expect(endpoint).toMatchObject({ kind: 'https', address: HTTPS, serverFingerprint: fingerprint, clientIdentity: 'client' });
    expect(JSON.stringify(endpoint)).not.toContain('PRIVATE KEY');
    const status = await endpointStatus('remote', () => registry.client('remote'));
    expect(status.reachable).toBe(true);
    expect((await registry.probeRemote(HTTPS)).trusted).toBe(true);
  });

  it('lists instances and follows a container started by the lxc CLI through events', async () => {
    const events: InstanceEvent[] = [];
    const stop = instances.subscribe('remote', { emit: (e) => events.push(e), fail: (e) => events.push({ type: 'connection', endpoint: 'remote', state: 'reconnecting', message: e.message }) });
    await until('events connected', () => events.find((e) => e.type === 'connection' && e.state === 'connected'));
    lxc('launch', IMAGE, container);
    const started = await until('instance-started', () =>
      events.find((e) => e.type === 'instance' && e.name === container && e.action === 'instance-started'),
      () => JSON.stringify(events),
    );
    expect(started.type === 'instance' && started.instance?.status).toBe('Running');
    const listed = await instances.list('local');
    expect(listed.find((i) => i.name === container)).toMatchObject({ status: 'Running', project: 'default', managedByBcm: false });

    const stopped = await instances.setState({ endpoint: 'remote', project: 'default', name: container, action: 'stop', force: true });
    expect(stopped.status).toBe('Stopped');
    expect(JSON.parse(lxc('list', container, '--format', 'json'))[0].status).toBe('Stopped');
    await until('instance-stopped event', () => events.find((e) => e.type === 'instance' && e.name === container && e.instance?.status === 'Stopped'));

    await instances.delete({ endpoint: 'remote', project: 'default', name: container });
    await until('instance-deleted', () => events.find((e) => e.type === 'instance' && e.name === container && e.instance === null));
    expect(JSON.parse(lxc('list', container, '--format', 'json'))).toEqual([]);
    stop();
  });

  it('ends event streams of a removed endpoint and forgets it', async () => {
    const failures: string[] = [];
    instances.subscribe('remote', { emit: () => undefined, fail: (e) => failures.push(e.code) });
    await registry.remove('remote');
    expect(failures).toEqual(['NOT_FOUND']);
    expect((await registry.list()).map((e) => e.name)).toEqual(['local']);
    await expect(registry.client('remote')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports an unknown instance as NOT_FOUND', async () => {
    await expect(instances.setState({ endpoint: 'local', project: 'default', name: 'bcmt-does-not-exist', action: 'start' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses a local socket that does not exist, and reports a stored endpoint whose socket went away', async () => {
    const missing = '/tmp/bcm-no-such-socket/unix.socket';
    await expect(registry.addLocal('gone', missing)).rejects.toMatchObject({ code: 'LXD_MISSING' });
    await new EndpointStore(dirs).save({ schemaVersion: 1, name: 'gone', kind: 'unix', address: missing, addedAt: new Date().toISOString() });
    const status = await endpointStatus('gone', () => registry.client('gone'));
    expect(status).toMatchObject({ name: 'gone', reachable: false, error: { code: 'LXD_MISSING' } });
    expect(status.error?.message).toContain(missing);
    expect((await endpointStatus('nothing-here', () => registry.client('nothing-here'))).error?.code).toBe('NOT_FOUND');
  });
});
