import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namesFor } from '../../../src/main/datacenter/naming';
import { RemoteAccessService } from '../../../src/main/datacenter/remote-access/service';
import { HS_DIR } from '../../../src/main/datacenter/remote-access/onion-files';
import { SecretStore } from '../../../src/main/store/secrets';
import { layout } from '../../../src/main/store/paths';
import { clientAuthPublicOf } from '../../../src/main/tor/keys';
import { decodePairing } from '../../../src/main/tor/pairing';
import { harness, regtestSpec, type Harness } from './harness';
import { removeTestDatacenter } from '../../support/remove-datacenter';

// Issue 6, server side: a regtest datacenter (gateway + btcd) with remote access on, on the real
// LXD. The gateway's Tor gets the LXD API as a v3 onion service with client authorisation, from a
// key kept in ~/.bcm/secrets. Reachability over the Tor network itself is not tested here (see
// the report): the gateway's Tor is checked through its files, its config and its forward target.
const NAME = `bcm6ra${process.pid % 10000}`;

/** pending trust tokens and trusted certificates on the test LXD whose names start with `prefix` */
function trustLeft(prefix: string): string[] {
  const tokens = execFileSync('lxc', ['config', 'trust', 'list-tokens', '--format', 'csv'], { encoding: 'utf8' }).split('\n').map((l) => l.split(',')[0] ?? '');
  const certs = (JSON.parse(execFileSync('lxc', ['query', '/1.0/certificates?recursion=1'], { encoding: 'utf8' })) as { name: string }[]).map((c) => c.name);
  return [...tokens.map((t) => `token ${t}`), ...certs.map((c) => `certificate ${c}`)].filter((x) => x.split(' ')[1]?.startsWith(prefix));
}

function inGateway(project: string, script: string): string {
  return execFileSync('lxc', ['exec', '--project', project, 'gateway', '--', 'sh', '-c', script], { encoding: 'utf8' });
}

describe('remote access through the gateway’s Tor', () => {
  let h: Harness;
  let remote: RemoteAccessService;
  const names = namesFor(NAME);
  const tokens: string[] = [];

  beforeAll(async () => {
    h = await harness();
    const spec = await regtestSpec(NAME, 'local');
    await h.service.save({ ...spec, remoteAccess: true, lightning: { lnd: false, clightning: false } }, false);
    remote = new RemoteAccessService({ registry: h.registry, secrets: new SecretStore(layout(h.home)), datacenters: h.service });
  });
  afterAll(async () => {
    for (const t of tokens) {
      try {
        execFileSync('lxc', ['config', 'trust', 'revoke-token', t], { stdio: 'ignore' });
      } catch {
        // already used or gone
      }
    }
    removeTestDatacenter(names);
    await h.close();
  });

  it('plans publish-onion after the gateway is healthy and applies it', async () => {
    const plan = await h.service.plan(NAME, 'apply', true);
    expect(plan.blockers).toEqual([]);
    const ids = plan.actions.map((a) => a.id);
    expect(ids).toContain('publish-onion:gateway');
    expect(ids.indexOf('publish-onion:gateway')).toBeGreaterThan(ids.indexOf('wait-healthy:gateway'));
    const { done } = await h.service.apply(NAME);
    await done;
    const snap = h.service.run(NAME)!;
    const failed = Object.entries(snap.steps).find(([, s]) => s.state === 'failed');
    expect(failed?.[1].error?.message ?? null, `failed step ${failed?.[0]}: ${failed?.[1].log.join('\n')}`).toBeNull();
    expect(snap.outcome).toBe('succeeded');
    expect((await h.service.plan(NAME, 'apply', true)).actions).toEqual([]);
  }, 600_000);

  it('knows its address before any client, and publishes nothing without one', async () => {
    const status = await remote.status(NAME);
    expect(status.enabled).toBe(true);
    expect(status.onionAddress).toMatch(/^[a-z2-7]{56}\.onion$/);
    expect(status.published).toBe(false);
    expect(status.message).toMatch(/No client is authorised/);
    expect(inGateway(names.project, 'cat /etc/tor/torrc')).not.toMatch(/HiddenServiceDir/);
  });

  it('adds a client: the gateway’s Tor serves the kept address with its key, forwarding to LXD', async () => {
    const before = await remote.status(NAME);
    const exported = await remote.addClient(NAME, 'laptop');
    tokens.push(`bcm-pair-${NAME}-laptop`);
    const bundle = decodePairing(exported.bundle);
    expect(bundle.onion).toBe(before.onionAddress);
    expect(bundle.port).toBe(8443);
    expect(bundle.trustToken).toBeTruthy();
    expect(exported.qrSvg).toMatch(/^<svg/);
    const serverFp = JSON.parse(execFileSync('lxc', ['query', '/1.0'], { encoding: 'utf8' })).environment.certificate_fingerprint as string;
    expect(bundle.lxdFingerprint).toBe(serverFp);

    const torrc = inGateway(names.project, 'cat /etc/tor/torrc');
    expect(torrc).toContain(`HiddenServiceDir ${HS_DIR}`);
    expect(torrc).toContain('HiddenServicePort 8443 127.0.0.1:8443');
    expect(inGateway(names.project, `cat ${HS_DIR}/hostname`).trim()).toBe(bundle.onion);
    expect(inGateway(names.project, `cat ${HS_DIR}/authorized_clients/laptop.auth`).trim()).toBe(`descriptor:x25519:${clientAuthPublicOf(bundle.clientAuthKey).toUpperCase()}`);
    // owned by Tor, private (the folder inherits /var/lib/tor's setgid bit)
    const [dirMode, keyMode] = inGateway(names.project, `stat -c '%U %a' ${HS_DIR} ${HS_DIR}/hs_ed25519_secret_key`).trim().split('\n');
    expect(dirMode).toMatch(/^debian-tor 2?700$/);
    expect(keyMode).toBe('debian-tor 600');
    // Tor's forward target answers with the endpoint's LXD API (through the LXD proxy device).
    expect(JSON.parse(inGateway(names.project, 'curl -sk --max-time 10 https://127.0.0.1:8443/1.0')).metadata.api_version).toBe('1.0');
    // Tor serves the kept address, but with no Tor network to reach here no directory stored its
    // descriptor: not published, and the status says why (remote-access-tor.test.ts sees it published)
    expect(await remote.status(NAME)).toMatchObject({ ready: true, published: false, message: expect.stringContaining('Tor is not connected to the Tor network yet') });
    // the change left the gateway converged: nothing to plan
    expect((await h.service.plan(NAME, 'apply', true)).actions).toEqual([]);
  }, 120_000);

  it('keeps the address across a Tor restart and a gateway restart', async () => {
    const address = (await remote.status(NAME)).onionAddress;
    inGateway(names.project, `rm -f ${HS_DIR}/hostname; systemctl restart tor@default.service; for i in $(seq 50); do [ -s ${HS_DIR}/hostname ] && break; sleep 0.2; done`);
    expect(`${inGateway(names.project, `cat ${HS_DIR}/hostname`).trim()}`).toBe(address);
    execFileSync('lxc', ['restart', '--project', names.project, 'gateway']);
    inGateway(names.project, `for i in $(seq 100); do systemctl is-active -q tor@default.service && [ -s ${HS_DIR}/hostname ] && break; sleep 0.3; done`);
    expect(`${inGateway(names.project, `cat ${HS_DIR}/hostname`).trim()}`).toBe(address);
    expect((await remote.status(NAME)).onionAddress).toBe(address);
  }, 120_000);

  it('refuses a second client with the same name, and revokes', async () => {
    await expect(remote.addClient(NAME, 'laptop')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(trustLeft(`bcm-pair-${NAME}-laptop`)).toEqual([`token bcm-pair-${NAME}-laptop`]);
    const status = await remote.revokeClient(NAME, 'laptop');
    expect(status.clients).toEqual([]);
    // its one-time pairing token is gone too (it was still pending: nobody used the bundle)
    expect(trustLeft(`bcm-pair-${NAME}-`)).toEqual([]);
    expect(inGateway(names.project, `ls ${HS_DIR}/authorized_clients | wc -l`).trim()).toBe('0');
    // no client left: Tor must not serve an open service
    expect(inGateway(names.project, 'cat /etc/tor/torrc')).not.toMatch(/HiddenServiceDir/);
    expect((await h.service.plan(NAME, 'apply', true)).actions).toEqual([]);
  }, 120_000);

  it('withdraws when remote access is turned off', async () => {
    const spec = await h.service.get(NAME);
    await h.service.save({ ...spec, remoteAccess: false }, true);
    const plan = await h.service.plan(NAME, 'apply', true);
    expect(plan.actions.map((a) => a.id)).toEqual(['publish-onion:gateway']);
    const { done } = await h.service.apply(NAME);
    await done;
    expect(h.service.run(NAME)?.outcome).toBe('succeeded');
    const devices = JSON.parse(execFileSync('lxc', ['query', `/1.0/instances/gateway?project=${names.project}`], { encoding: 'utf8' })).devices as Record<string, unknown>;
    expect(Object.keys(devices)).not.toContain('bcm-lxd-api');
    expect((await h.service.plan(NAME, 'apply', true)).actions).toEqual([]);
  }, 120_000);

  it('a take-down removes the pairing tokens of its clients', async () => {
    const spec = await h.service.get(NAME);
    await h.service.save({ ...spec, remoteAccess: true }, true);
    await (await h.service.apply(NAME)).done;
    expect(h.service.run(NAME)?.outcome).toBe('succeeded');
    await remote.addClient(NAME, 'phone');
    tokens.push(`bcm-pair-${NAME}-phone`);
    expect(trustLeft(`bcm-pair-${NAME}-`)).toEqual([`token bcm-pair-${NAME}-phone`]);
    await (await h.service.down(NAME, NAME, false)).done;
    expect(h.service.run(NAME)?.outcome).toBe('succeeded');
    expect(trustLeft(`bcm-pair-${NAME}-`)).toEqual([]);
  }, 300_000);
});
