import { execFile } from 'node:child_process';
import { stat, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectOnionNode, waitBootstrapped, type SharedTestnet } from '../../../scripts/tor-testnet/network';
import { EndpointRegistry } from '../../../src/main/endpoints/registry';
import { ensureClientIdentity } from '../../../src/main/endpoints/identity';
import { LxdClient, createHttpsTransport, createUnixTransport, type LxdTransport } from '../../../src/main/lxd';
import { EndpointStore } from '../../../src/main/store/endpoints-store';
import { layout } from '../../../src/main/store/paths';
import { SecretStore } from '../../../src/main/store/secrets';
import type { TorControl } from '../../../src/main/tor/control/client';
import { TorFeature } from '../../../src/main/tor/feature';
import { base32ToBase64 } from '../../../src/main/tor/keys';
import { OnionServiceManager, watchDescriptorUploads } from '../../../src/main/tor/onion-service';
import { createOnionTransport } from '../../../src/main/tor/onion-transport';
import { decodePairing, encodePairing } from '../../../src/main/tor/pairing';
import { exportPairing, lxdTrustSource } from '../../../src/main/tor/pairing-export';
import { freeLoopbackPort } from '../../../src/main/tor/ports';
import { TorProcess } from '../../../src/main/tor/process';
import { FileOnionServiceStore } from '../../../src/main/tor/service-store';
import type { PairingExport } from '../../../src/shared/channels/tor';

/**
 * BCM's Tor against a private Tor network on 127.0.0.1 (scripts/tor-testnet): the real test LXD's
 * HTTPS API (127.0.0.1:8443) is published as a v3 onion service with client authorisation by the
 * network's onion node — what the datacenter gateway will do — and reached through the app's Tor.
 */
const LXD_SOCKET = '/var/lib/lxd/unix.socket';

describe('onion access to LXD through a private Tor network', () => {
  let net: SharedTestnet;
  let server: TorControl;
  let manager: OnionServiceManager;
  let home: string;
  let registry: EndpointRegistry;
  let feature: TorFeature;
  let lxd: LxdClient;
  let laptop: PairingExport;
  let spare: PairingExport;
  const extraTors: TorProcess[] = [];
  const timings: Record<string, number> = {};

  /** A fresh Tor client in the network (no cached descriptors), optionally holding a key. */
  async function freshClient(key?: { serviceId: string; privateKey: string }): Promise<TorProcess> {
    const proc = await TorProcess.launch({
      torPath: '/usr/bin/tor',
      dir: await mkdtemp(join(home, 'fresh-')),
      socksPort: await freeLoopbackPort(),
      ownerPid: process.pid,
      extraLines: net.clientLines,
    });
    extraTors.push(proc);
    await proc.waitBootstrapped(90_000);
    if (key) await proc.control.clientAuthAdd(key.serviceId, base32ToBase64(key.privateKey));
    return proc;
  }

  async function onionTransportVia(proc: TorProcess, bundleText: string): Promise<LxdTransport> {
    const bundle = decodePairing(bundleText);
    const identity = await ensureClientIdentity(new SecretStore(layout(home)));
    const socks = { host: '127.0.0.1', port: proc.socksPort };
    const address = `${bundle.onion}:${bundle.port}`;
    return createOnionTransport({
      address,
      serverFingerprint: bundle.lxdFingerprint,
      prepare: async () => socks,
      current: () => socks,
      create: (s) => createHttpsTransport({ address, clientCertPem: identity.certPem, clientKeyPem: identity.keyPem, serverFingerprint: bundle.lxdFingerprint, socksProxy: s }),
    });
  }

  beforeAll(async () => {
    const t0 = Date.now();
    net = inject('torTestnet');
    home = await mkdtemp(join(tmpdir(), 'bcmt-tor-'));
    const extra = join(home, 'testnet.torrc');
    await writeFile(extra, `${net.clientLines.join('\n')}\n`);
    const dirs = layout(home);
    const secrets = new SecretStore(dirs);
    registry = new EndpointRegistry(new EndpointStore(dirs), secrets, (e, id) => feature.onionTransport(e, id));
    lxd = new LxdClient(createUnixTransport(LXD_SOCKET));
    feature = new TorFeature({
      home,
      stateDir: join(home, 'state', 'tor'),
      secretsDir: dirs.secrets,
      secrets,
      identity: () => ensureClientIdentity(secrets),
      endpoints: () => registry,
      localLxd: async () => lxd,
      env: { BCM_TOR_EXTRA_TORRC: extra },
    });
    await feature.init();
    // The app's Tor starts alongside the network (as it would at app start).
    const appTor = feature.tor.start();

    server = await connectOnionNode(net);
    timings.networkBootstrapMs = await waitBootstrapped(server, 90_000);
    manager = new OnionServiceManager(new FileOnionServiceStore(join(home, 'server-services')), () => server);
    const service = await manager.publish({ name: 'lxd', virtualPort: 8443, target: '127.0.0.1:8443' });
    const serviceId = service.onionAddress.replace(/\.onion$/, '');
    laptop = await exportPairing({ manager, service: 'lxd', clientName: 'bcmt-tor-laptop', lxd: lxdTrustSource(lxd), endpointName: 'home' });
    // every change re-publishes (new descriptors): watch from before the last one
    const uploads = await watchDescriptorUploads(server, serviceId);
    spare = await exportPairing({ manager, service: 'lxd', clientName: 'bcmt-tor-spare', lxd: lxdTrustSource(lxd), endpointName: 'home' });
    // No publishing again here: a service Tor does not upload while ready is added again by the
    // manager itself (onion-publication.ts says why), so this waits for the product to get it out.
    await uploads.wait(180_000);
    uploads.stop();
    timings.publishedMs = Date.now() - t0;
    await appTor;
  }, 420_000);

  afterAll(async () => {
    manager?.close();
    await feature?.close();
    await Promise.all(extraTors.map((p) => p.stop()));
    server?.close();
    // this run's client certificate (by fingerprint) and its unused trust tokens
    const identity = home ? await ensureClientIdentity(new SecretStore(layout(home))).catch(() => undefined) : undefined;
    if (identity) await lxd.certificates.delete(identity.fingerprint).catch(() => undefined);
    for (const name of ['bcm-pair-bcmt-tor-laptop', 'bcm-pair-bcmt-tor-spare']) {
      await new Promise((r) => execFile('lxc', ['config', 'trust', 'revoke-token', name], () => r(undefined)));
    }
    lxd?.close();
    if (home) await rm(home, { recursive: true, force: true });
    console.log('[tor timings]', JSON.stringify(timings));
  }, 60_000);

  it("bootstraps the app's Tor in the private network and reports its progress", async () => {
    const seen: number[] = [];
    const stop = feature.tor.onStatus((s) => s.bootstrap && seen.push(s.bootstrap.progress));
    await feature.tor.ready();
    stop();
    const status = feature.tor.status();
    expect(status.state).toBe('ready');
    expect(status.bootstrap?.progress).toBe(100);
    expect(status.socksPort).toBeGreaterThan(0);
    expect(status.controlPort).toBeGreaterThan(0);
    expect(feature.tor.recentLogs().some((l) => /Bootstrapped 100%/.test(l.message))).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    timings.appTorBootstrapMs = status.bootstrapMs ?? -1;
  });

  it('imports a pairing bundle and lists the instances through the onion', async () => {
    const steps: string[] = [];
    const stop = feature.onImportProgress((p) => steps.push(`${p.step}:${p.state}`));
    const started = Date.now();
    const endpoint = await feature.importPairing(laptop.bundle, 'home');
    stop();
    timings.importMs = Date.now() - started;
    expect(endpoint).toMatchObject({ name: 'home', kind: 'onion', onionClientAuth: 'onion-auth-home.auth_private' });
    expect(endpoint.address).toBe(`${laptop.summary.onionAddress}:8443`);
    expect(steps).toEqual(expect.arrayContaining(['check:done', 'tor:done', 'connect:done', 'trust:done', 'save:done']));
    const secret = await stat(join(home, 'secrets', 'onion-auth-home.auth_private'));
    expect(secret.mode & 0o777).toBe(0o600);

    const client = await registry.client('home');
    const info = await client.server.get();
    expect(info.auth).toBe('trusted');
    const viaOnion = (await client.instances.list({ allProjects: true })).map((i) => i.name).sort();
    const direct = (await lxd.instances.list({ allProjects: true })).map((i) => i.name).sort();
    expect(viaOnion).toEqual(direct);
  });

  it('is refused with "not authorised" by a Tor that has no client key', async () => {
    const proc = await freshClient();
    const transport = await onionTransportVia(proc, laptop.bundle);
    try {
      await expect(new LxdClient(transport).server.get()).rejects.toMatchObject({
        code: 'AUTH_FAILED',
        message: expect.stringMatching(/not authorised/),
        detail: expect.objectContaining({ socksReply: '0xF4' }),
      });
    } finally {
      transport.close();
    }
  });

  it('refuses a bundle whose fingerprint is not the certificate behind the onion, adding nothing', async () => {
    const bundle = decodePairing(spare.bundle);
    const wrong = encodePairing({ ...bundle, lxdFingerprint: 'a'.repeat(64), trustToken: undefined });
    await expect(feature.importPairing(wrong, 'mismatch')).rejects.toMatchObject({ code: 'CERT_MISMATCH' });
    expect((await registry.list()).map((e) => e.name)).toEqual(['home']);
    expect(await readdir(join(home, 'secrets'))).not.toContain('onion-auth-mismatch.auth_private');
  });

  it('is refused with "not authorised" once the client is revoked', async () => {
    const bundle = decodePairing(laptop.bundle);
    const serviceId = bundle.onion.replace(/\.onion$/, '');
    const uploads = await watchDescriptorUploads(server, serviceId);
    const service = await manager.revokeClient('lxd', 'bcmt-tor-laptop');
    expect(service.clients.map((c) => c.name)).toEqual(['bcmt-tor-spare']);
    await uploads.wait(120_000);
    uploads.stop();

    const proc = await freshClient({ serviceId, privateKey: bundle.clientAuthKey });
    const transport = await onionTransportVia(proc, laptop.bundle);
    try {
      await expect(new LxdClient(transport).server.get()).rejects.toMatchObject({
        code: 'AUTH_FAILED',
        message: expect.stringMatching(/not authorised/),
      });
    } finally {
      transport.close();
    }
    // the client still authorised keeps working through the same service
    const spareBundle = decodePairing(spare.bundle);
    const ok = await freshClient({ serviceId, privateKey: spareBundle.clientAuthKey });
    const spareTransport = await onionTransportVia(ok, spare.bundle);
    try {
      expect((await new LxdClient(spareTransport).server.get()).api_version).toBe('1.0');
    } finally {
      spareTransport.close();
    }
  }, 240_000);
});
