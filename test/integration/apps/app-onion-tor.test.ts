import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SharedTestnet } from '../../../scripts/tor-testnet/network';
import { specEntryOf } from '../../../src/main/apps/engine';
import { AppRegistry, builtinAppsDir } from '../../../src/main/apps/registry';
import { AppOnionService } from '../../../src/main/datacenter/app-onion/service';
import { namesFor } from '../../../src/main/datacenter/naming';
import { layout } from '../../../src/main/store/paths';
import { SecretStore } from '../../../src/main/store/secrets';
import type { AppOnionClientKey } from '../../../src/shared/channels/app-onions';
import { datacenterSpecSchema, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { parseTorClientAuthLine } from '../../../src/shared/services/lndconnect';
import { joinGatewayToTestnet } from '../../support/gateway-testnet';
import { removeTestDatacenter } from '../../support/remove-datacenter';
import { firstNip11, nip11, type Answer } from '../../support/onion-nip11';
import { startPhoneTor, type PhoneTor } from '../../support/tor-client';
import { harness, regtestSpec, type Harness } from '../datacenter/harness';

// An app's declared onion port published by the gateway's Tor, end to end over the private Tor
// network: a regtest datacenter (gateway + btcd) with the Nostr relay app deployed without its
// onion; the gateway joins the private network; the owner turns on publishing the relay's declared
// port 8080 in the settings, reviews the plan and applies; makes a client key as the card does; and
// a Nostr client outside the datacenter (a fresh tor with ClientOnionAuthDir holding the card's
// client-key line) fetches the relay's NIP-11 document through the onion.
const NAME = `onx${process.pid % 10000}`;
const names = namesFor(NAME);
const RELAY = { container: 'nostr-relay', port: 8080 };

const lxcExec = (container: string, ...cmd: string[]): string =>
  execFileSync('lxc', ['exec', '--project', names.project, container, '--', ...cmd], { encoding: 'utf8', timeout: 60_000 });

describe('an app’s declared onion port published over a private Tor network', () => {
  let h: Harness;
  let net: SharedTestnet;
  let onions: AppOnionService;
  let spec: DatacenterSpec;
  let key: AppOnionClientKey;
  let first: Answer | undefined;
  let planIds: string[] = [];
  let undeclaredBlockers: string[] = [];
  const tors: PhoneTor[] = [];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    net = inject('torTestnet');
    const registry = new AppRegistry({ builtin: builtinAppsDir(), user: '/nonexistent-bcm-apps' });
    h = await harness({ apps: { load: () => registry.load() } });
    const apps = await registry.load();
    const base = await regtestSpec(NAME, 'local');
    if (!base.artifacts['nostr-rs-relay']) throw new Error('The preseed overrides.json lists no nostr-rs-relay build: run `bash scripts/build-app-artifacts.sh` (setup-test-env.sh does) first.');
    spec = datacenterSpecSchema.parse({ ...base, lightning: { lnd: false, clightning: false }, apps: [specEntryOf(apps.manifests['nostr-relay']!)] });
    await h.service.save(spec, false);
    await (await h.service.apply(NAME)).done;
    expect(h.service.run(NAME)?.outcome).toBe('succeeded');
    await joinGatewayToTestnet(names.project, net);
    onions = new AppOnionService({ registry: h.registry, secrets: new SecretStore(layout(h.home)), datacenters: h.service, apps: registry });

    // a port the manifest does not declare is refused by main, whatever the UI offers
    await h.service.save(datacenterSpecSchema.parse({ ...spec, apps: [{ ...spec.apps[0]!, onion: [{ container: 'nostr-relay', port: 22 }] }] }), true);
    undeclaredBlockers = (await h.service.plan(NAME, 'apply', true)).blockers;

    // the switch in the settings, the plan the owner reviews, the apply, a client key, the first fetch
    const enabled = Date.now();
    await h.service.save(datacenterSpecSchema.parse({ ...spec, apps: [{ ...spec.apps[0]!, onion: [RELAY] }] }), true);
    planIds = (await h.service.plan(NAME, 'apply', true)).actions.map((a) => a.id);
    await (await h.service.apply(NAME)).done;
    expect(h.service.run(NAME)?.outcome).toBe('succeeded');
    timings.applyMs = Date.now() - enabled;
    key = await onions.addClient(NAME, RELAY, 'phone');
    timings.keyMs = Date.now() - enabled;
    const tor = await startPhoneTor(h.home, net.clientLines, { phone: key.clientAuth });
    tors.push(tor);
    timings.clientTorMs = Date.now() - enabled;
    const got = await firstNip11(tor, key.onionAddress, key.port, 150_000);
    timings.enableToFirstFetchMs = Date.now() - enabled;
    if (!got.answer) throw new Error(`no answer through the onion: ${got.errors.slice(-3).join(' | ')}\n${lxcExec('gateway', 'sh', '-c', 'journalctl -t Tor -o cat --no-pager | tail -12')}`);
    first = got.answer;
  }, 900_000);

  afterAll(async () => {
    for (const t of tors) t.stop();
    removeTestDatacenter(names);
    await h?.close();
    console.log(`app onion over the private Tor network (ms): ${JSON.stringify(timings)}`);
  });

  it('refuses to publish a port the manifest does not declare', async () => {
    expect(undeclaredBlockers.join(' ')).toMatch(/does not declare port 22 of nostr-relay/);
    await expect(onions.addClient(NAME, { container: 'nostr-relay', port: 9999 }, 'x')).rejects.toThrow(/does not publish port 9999/);
  });

  it('plans one gateway step for the relay’s onion, and nothing more once applied', async () => {
    expect(planIds).toEqual(['publish-app-onion:nostr-relay-8080']);
    expect((await h.service.plan(NAME, 'apply', true)).actions).toEqual([]);
  });

  it('gives the client key for the onion address the status shows', async () => {
    expect(key.onionAddress).toMatch(/^[a-z2-7]{56}\.onion$/);
    expect(parseTorClientAuthLine(key.clientAuth)?.onion).toBe(key.onionAddress);
    expect(key.clientAuthQrSvg).toMatch(/^<svg/);
    const [status] = await onions.status(NAME);
    expect(status).toMatchObject({ app: 'nostr-relay', container: 'nostr-relay', port: 8080, onionAddress: key.onionAddress, clients: [{ name: 'phone' }], ready: true });
  });

  it('serves the relay’s NIP-11 document through the onion to the client with the key', () => {
    expect(first?.status).toBe(200);
    expect(JSON.parse(first?.body ?? '{}')).toMatchObject({ name: `BCM relay of ${NAME}`, software: expect.stringContaining('nostr-rs-relay') });
  });

  it('reports the onion published once a directory stored its descriptor', async () => {
    let last = (await onions.status(NAME))[0];
    for (let i = 0; i < 30 && !last?.published; i++) {
      await new Promise((r) => setTimeout(r, 2_000));
      last = (await onions.status(NAME))[0];
    }
    expect(last).toMatchObject({ published: true });
  }, 120_000);

  it('stops serving a revoked key: a fresh client with it gets no answer', async () => {
    const status = await onions.revokeClient(NAME, RELAY, 'phone');
    expect(status.clients).toEqual([]);
    expect(lxcExec('gateway', 'cat', '/etc/tor/torrc')).not.toContain('bcm-app-nostr-relay-8080');
    const fresh = await startPhoneTor(join(h.home), net.clientLines, { phone: key.clientAuth });
    tors.push(fresh);
    await expect(nip11(fresh, key.onionAddress, key.port, 40_000)).rejects.toThrow();
  }, 180_000);
});
