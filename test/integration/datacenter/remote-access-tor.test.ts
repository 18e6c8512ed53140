import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SharedTestnet } from '../../../scripts/tor-testnet/network';
import { namesFor } from '../../../src/main/datacenter/naming';
import { RemoteAccessService } from '../../../src/main/datacenter/remote-access/service';
import { layout } from '../../../src/main/store/paths';
import { SecretStore } from '../../../src/main/store/secrets';
import { base32ToBase64 } from '../../../src/main/tor/keys';
import { decodePairing, type PairingBundle } from '../../../src/main/tor/pairing';
import type { DatacenterStatus } from '../../../src/shared/datacenter/plan';
import type { RemoteAccessStatus } from '../../../src/shared/channels/remote-access';
import type { PairingExport } from '../../../src/shared/channels/tor';
import { freeLoopbackPort } from '../../../src/main/tor/ports';
import { TorProcess } from '../../../src/main/tor/process';
import { harness, regtestSpec, type Harness } from './harness';
import { removeTestDatacenter } from '../../support/remove-datacenter';
import { joinGatewayToTestnet } from '../../support/gateway-testnet';

const run = promisify(execFile);

// End to end over a private Tor network (scripts/tor-testnet, on the host's 127.0.0.1): a
// datacenter with remote access; the gateway's Tor joins the private network (test only: LXD
// proxy devices carry its connections to the relays' loopback ports, and the network's
// DirAuthority lines go into its torrc), publishes the onion service with client authorisation,
// and a fresh Tor client on the host reaches the endpoint's LXD API through it with the bundle's
// key — and not without it.
const NAME = `bcm6rt${process.pid % 10000}`;
const project = namesFor(NAME).project;

function inGateway(script: string): string {
  return execFileSync('lxc', ['exec', '--project', project, 'gateway', '--', 'sh', '-c', script], { encoding: 'utf8' });
}

/** curl through a Tor client's SOCKS port; the HTTP status and body, or the curl error. */
async function viaOnion(socksPort: number, bundle: PairingBundle, timeoutS: number): Promise<{ ok: boolean; text: string }> {
  try {
    const { stdout } = await run('curl', ['-sk', '--max-time', String(timeoutS), '--socks5-hostname', `127.0.0.1:${socksPort}`, `https://${bundle.onion}:${bundle.port}/1.0`]);
    return { ok: true, text: stdout };
  } catch (err) {
    return { ok: false, text: (err as Error).message };
  }
}

describe('remote access end to end through a private Tor network', () => {
  let h: Harness;
  let net: SharedTestnet;
  let bundle: PairingBundle;
  let remote: RemoteAccessService;
  let addedService: PairingExport['service'];
  let offline: { status: DatacenterStatus; remote: RemoteAccessStatus; journal: string };
  const tors: TorProcess[] = [];
  const timings: Record<string, number> = {};

  async function client(withKey: boolean): Promise<TorProcess> {
    const proc = await TorProcess.launch({
      torPath: '/usr/bin/tor',
      dir: await mkdtemp(join(h.home, 'tor-client-')),
      socksPort: await freeLoopbackPort(),
      ownerPid: process.pid,
      extraLines: net.clientLines,
    });
    tors.push(proc);
    await proc.waitBootstrapped(120_000);
    if (withKey) await proc.control.clientAuthAdd(bundle.onion.replace(/\.onion$/, ''), base32ToBase64(bundle.clientAuthKey));
    return proc;
  }

  beforeAll(async () => {
    const started = Date.now();
    net = inject('torTestnet');
    h = await harness();
    const spec = await regtestSpec(NAME, 'local');
    await h.service.save({ ...spec, remoteAccess: true, lightning: { lnd: false, clightning: false } }, false);
    const { done } = await h.service.apply(NAME);
    await done;
    expect(h.service.run(NAME)?.outcome).toBe('succeeded');
    remote = new RemoteAccessService({ registry: h.registry, secrets: new SecretStore(layout(h.home)), datacenters: h.service });
    const added = await remote.addClient(NAME, 'laptop');
    bundle = decodePairing(added.bundle);
    addedService = added.service;
    timings.deployAndAddMs = Date.now() - started;
    // Before the gateway can reach any Tor network (this machine has no route to the real one).
    offline = { status: await h.service.status(NAME), remote: await remote.status(NAME), journal: inGateway('journalctl -t Tor -o cat --no-pager | tail -8') };

    // Test only: the gateway joins the private network on the host's loopback.
    await joinGatewayToTestnet(project, net);
  }, 600_000);

  afterAll(async () => {
    for (const t of tors) await t.stop().catch(() => undefined);
    try {
      execFileSync('lxc', ['config', 'trust', 'revoke-token', `bcm-pair-${NAME}-laptop`], { stdio: 'ignore' });
    } catch {
      // used or gone
    }
    removeTestDatacenter(namesFor(NAME));
    await h?.close();
    console.log(`remote access over the private Tor network: ${JSON.stringify(timings)}`);
  });

  it('does not call the address published, nor the gateway healthy, while its Tor has not reached a network', () => {
    expect(addedService.published).toBe(false);
    expect(offline.remote, offline.journal).toMatchObject({ ready: true, published: false, message: expect.stringContaining('Tor is not connected to the Tor network yet') });
    const gateway = offline.status.components.find((c) => c.kind === 'gateway');
    expect(gateway?.health, offline.journal).toBe('degraded');
    expect(gateway?.containers[0]?.message).toMatch(/Tor is not connected to the Tor network yet: \d+%/);
  });

  it('reaches the endpoint’s LXD API through the gateway’s onion with the bundle’s key', async () => {
    const started = Date.now();
    const tor = await client(true);
    timings.clientBootstrapMs = Date.now() - started;
    let last = { ok: false, text: '' };
    while (Date.now() - started < 150_000) {
      last = await viaOnion(tor.socksPort, bundle, 30);
      if (last.ok && last.text.includes('"api_version"')) break;
      await new Promise((r) => setTimeout(r, 3_000));
    }
    timings.firstResponseMs = Date.now() - started;
    expect(last.text, `gateway Tor log:\n${inGateway('journalctl -u tor@default.service --no-pager | tail -15')}`).toContain('"api_version":"1.0"');
    // reached through the onion, so a directory had the descriptor: the status says so, read from the gateway's journal
    const journal = inGateway('journalctl -t Tor -o cat --no-pager | grep -E "Bootstrapped|Uploaded hidden|reload" | tail -6');
    expect(await remote.status(NAME), journal).toMatchObject({ published: true });
    expect((await h.service.status(NAME)).components.find((c) => c.kind === 'gateway')?.health, journal).toBe('healthy');
  }, 300_000);

  it('is unreachable without the key', async () => {
    const tor = await client(false);
    const res = await viaOnion(tor.socksPort, bundle, 40);
    expect(res.ok).toBe(false);
  }, 200_000);
});
