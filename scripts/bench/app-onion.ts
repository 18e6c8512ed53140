// App onion figures: on a regtest datacenter (gateway + btcd) with the Nostr relay app, whose
// gateway joins a private Tor network on 127.0.0.1 (scripts/tor-testnet), the time from switching on
// the relay's declared onion port to a client's first NIP-11 fetch through the onion (apply, key,
// the client's Tor, first fetch), then NIP-11 over the onion (median of N, a new connection each).
// Needs the test image and local artifacts (scripts/setup-test-env.sh).
import { specEntryOf } from '../../src/main/apps/engine';
import { AppRegistry, builtinAppsDir } from '../../src/main/apps/registry';
import { AppOnionService } from '../../src/main/datacenter/app-onion/service';
import { namesFor } from '../../src/main/datacenter/naming';
import { layout } from '../../src/main/store/paths';
import { SecretStore } from '../../src/main/store/secrets';
import { datacenterSpecSchema } from '../../src/shared/datacenter/spec';
import { harness, regtestSpec } from '../../test/integration/datacenter/harness';
import { joinGatewayToTestnet } from '../../test/support/gateway-testnet';
import { firstNip11, nip11 } from '../../test/support/onion-nip11';
import { removeTestDatacenter } from '../../test/support/remove-datacenter';
import { startPhoneTor, type PhoneTor } from '../../test/support/tor-client';
import { startTestnet } from '../tor-testnet/network';

const NAME = `bcmt-ao${process.pid % 1000}`;
const ROUNDS = Number(process.env.BCM_BENCH_ROUNDS ?? 10);
const RELAY = { container: 'nostr-relay', port: 8080 };
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const net = await startTestnet();
  const registry = new AppRegistry({ builtin: builtinAppsDir(), user: '/nonexistent-bcm-apps' });
  const h = await harness({ apps: { load: () => registry.load() } });
  let client: PhoneTor | undefined;
  try {
    const relay = (await registry.load()).manifests['nostr-relay'];
    if (!relay) throw new Error('the Nostr relay manifest is missing');
    const spec = datacenterSpecSchema.parse({ ...(await regtestSpec(NAME, 'local')), lightning: { lnd: false, clightning: false }, apps: [specEntryOf(relay)] });
    await h.service.save(spec, false);
    await (await h.service.apply(NAME)).done;
    await joinGatewayToTestnet(namesFor(NAME).project, net);
    const onions = new AppOnionService({ registry: h.registry, secrets: new SecretStore(layout(h.home)), datacenters: h.service, apps: registry });

    const t0 = Date.now();
    await h.service.save(datacenterSpecSchema.parse({ ...spec, apps: [{ ...spec.apps[0]!, onion: [RELAY] }] }), true);
    await (await h.service.apply(NAME)).done;
    const applied = Date.now();
    const key = await onions.addClient(NAME, RELAY, 'bench');
    const keyed = Date.now();
    client = await startPhoneTor(h.home, net.clientLines, { bench: key.clientAuth });
    const booted = Date.now();
    const first = await firstNip11(client, key.onionAddress, key.port, 180_000);
    const answered = Date.now();
    if (first.answer?.status !== 200) throw new Error(`no answer over the onion: ${first.errors.slice(-3).join(' | ')}`);
    console.log(`switch on -> first NIP-11 over the onion: ${s(answered - t0)} (apply ${s(applied - t0)}, key ${s(keyed - applied)}, client Tor ${s(booted - keyed)}, first fetch ${s(answered - booted)})`);
    const rtts: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = Date.now();
      await nip11(client, key.onionAddress, key.port);
      rtts.push(Date.now() - t);
    }
    console.log(`NIP-11 over the onion, ${ROUNDS} fetches (a new connection each): median ${median(rtts)} ms, max ${Math.max(...rtts)} ms`);
  } finally {
    client?.stop();
    removeTestDatacenter(namesFor(NAME));
    await h.close();
    await net.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
