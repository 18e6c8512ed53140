// npm run bench: Tor in a private network on 127.0.0.1 (scripts/tor-testnet).
//   - cold start of the network (5 relays + the onion node) to Bootstrapped 100%
//   - BCM's Tor: from start to bootstrapped, in the running network
//   - the first LXD response through an authenticated onion service (descriptor fetch,
//     introduction, rendezvous, TLS), right after the client key was given
//   - median and p95 of a non-interactive `exec echo` through the onion versus direct HTTPS
//     to the same LXD, and their ratio
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EndpointRegistry } from '../../src/main/endpoints/registry';
import { ensureClientIdentity } from '../../src/main/endpoints/identity';
import { LxdClient, createHttpsTransport, createUnixTransport } from '../../src/main/lxd';
import { EndpointStore } from '../../src/main/store/endpoints-store';
import { layout } from '../../src/main/store/paths';
import { SecretStore } from '../../src/main/store/secrets';
import { TorFeature } from '../../src/main/tor/feature';
import { OnionServiceManager, watchDescriptorUploads } from '../../src/main/tor/onion-service';
import { exportPairing, lxdTrustSource } from '../../src/main/tor/pairing-export';
import { FileOnionServiceStore } from '../../src/main/tor/service-store';
import { connectOnionNode, startTestnet, waitBootstrapped } from '../tor-testnet/network';

const RUNS = 20;
const container = `bcmt-tor-bench-${process.pid}`;
const lxc = (...args: string[]) => execFileSync('lxc', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { median: at(0.5), p95: at(0.95) };
}

async function execTimes(client: LxdClient): Promise<number[]> {
  const out: number[] = [];
  await client.exec.run(container, ['echo', 'warm-up']);
  for (let i = 0; i < RUNS; i += 1) {
    const t = performance.now();
    const r = await client.exec.run(container, ['echo', 'hi']);
    if (r.stdout.toString().trim() !== 'hi') throw new Error('exec echo answered something else');
    out.push(performance.now() - t);
  }
  return out;
}

const home = await mkdtemp(join(tmpdir(), 'bcmt-tor-bench-'));
const lxd = new LxdClient(createUnixTransport('/var/lib/lxd/unix.socket'));
let feature: TorFeature | undefined;
let identityFp: string | undefined;
const t0 = performance.now();
const net = await startTestnet();
try {
  lxc('launch', 'bcm-test-busybox', container);
  const server = await connectOnionNode(net);
  await waitBootstrapped(server, 120_000);
  const networkMs = performance.now() - t0;

  const dirs = layout(home);
  const secrets = new SecretStore(dirs);
  const extra = join(home, 'testnet.torrc');
  await writeFile(extra, `${net.clientLines.join('\n')}\n`);
  const registry: EndpointRegistry = new EndpointRegistry(new EndpointStore(dirs), secrets, (e, id) => (feature as TorFeature).onionTransport(e, id));
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

  // BCM's Tor, from start to bootstrapped (in the running network)
  const tStart = performance.now();
  await feature.tor.ready();
  const appBootstrapMs = performance.now() - tStart;

  // the server publishes the LXD API with one authorised client
  const manager = new OnionServiceManager(new FileOnionServiceStore(join(home, 'server')), () => server);
  const service = await manager.publish({ name: 'lxd', virtualPort: 8443, target: '127.0.0.1:8443' });
  const uploads = await watchDescriptorUploads(server, service.onionAddress.replace(/\.onion$/, ''));
  const pairing = await exportPairing({ manager, service: 'lxd', clientName: 'bcmt-tor-bench', lxd: lxdTrustSource(lxd), endpointName: 'home' });
  await uploads.wait(90_000);
  uploads.stop();

  // import: key to Tor, first response through the onion, trust with the token
  const tImport = performance.now();
  await feature.importPairing(pairing.bundle, 'home');
  const importMs = performance.now() - tImport;
  const identity = await ensureClientIdentity(secrets);
  identityFp = identity.fingerprint;

  // a second client connection from scratch: time to the first answer once the circuit exists
  const onion = await registry.client('home');
  const tFirst = performance.now();
  await onion.server.get();
  const firstResponseMs = performance.now() - tFirst;

  const fingerprint = (await lxd.server.get()).environment?.certificate_fingerprint ?? '';
  const direct = new LxdClient(createHttpsTransport({ address: '127.0.0.1:8443', clientCertPem: identity.certPem, clientKeyPem: identity.keyPem, serverFingerprint: fingerprint }));
  const viaOnion = stats(await execTimes(onion));
  const viaHttps = stats(await execTimes(direct));
  direct.close();

  console.log(`private network (5 relays + onion node), cold start to bootstrapped: ${(networkMs / 1000).toFixed(1)} s (keys: ${net.keys.generated} made, ${net.keys.ms} ms)`);
  console.log(`BCM's Tor, start to bootstrapped (network running):    ${(appBootstrapMs / 1000).toFixed(1)} s`);
  console.log(`pairing import incl. first LXD response through onion: ${(importMs / 1000).toFixed(2)} s`);
  console.log(`first LXD response on a new client (circuit built):     ${firstResponseMs.toFixed(0)} ms`);
  console.log(`exec echo through the onion:  median ${viaOnion.median.toFixed(1)} ms, p95 ${viaOnion.p95.toFixed(1)} ms (n=${RUNS})`);
  console.log(`exec echo over direct HTTPS:  median ${viaHttps.median.toFixed(1)} ms, p95 ${viaHttps.p95.toFixed(1)} ms (n=${RUNS})`);
  console.log(`onion / direct (median):      ${(viaOnion.median / viaHttps.median).toFixed(1)}x`);
  server.close();
} finally {
  await feature?.close();
  await net.stop();
  try {
    lxc('delete', '--force', container);
  } catch {
    // not created
  }
  if (identityFp) await lxd.certificates.delete(identityFp).catch(() => undefined);
  try {
    lxc('config', 'trust', 'revoke-token', 'bcm-pair-bcmt-tor-bench');
  } catch {
    // used
  }
  lxd.close();
  await rm(home, { recursive: true, force: true });
}
