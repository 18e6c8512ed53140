// Issue 13 figures (pairing a mobile wallet): on a regtest datacenter (gateway + btcd + lnd) whose
// gateway joins a private Tor network on 127.0.0.1 (scripts/tor-testnet), the time from saving
// "pair a mobile wallet" to the first answer of lnd's REST at the onion for a phone-style Tor client
// (apply, pair, the phone's Tor, first call), then the round trip of GET /v1/getinfo over the
// onion (median of N) and the time to revoke a wallet. Needs the test image and local artifacts
// (scripts/setup-test-env.sh).
import { harness, regtestSpec } from '../../test/integration/datacenter/harness';
import { joinGatewayToTestnet } from '../../test/support/gateway-testnet';
import { firstAnswer, restViaOnion } from '../../test/support/onion-rest';
import { removeTestDatacenter } from '../../test/support/remove-datacenter';
import { startPhoneTor } from '../../test/support/tor-client';
import { namesFor } from '../../src/main/datacenter/naming';
import { WalletPairingService } from '../../src/main/datacenter/wallet-onion/service';
import { SecretStore } from '../../src/main/store/secrets';
import { layout } from '../../src/main/store/paths';
import { parseLndConnect } from '../../src/shared/services/lndconnect';
import { startTestnet } from '../tor-testnet/network';

const NAME = `bcmt-wp${process.pid % 1000}`;
const CALLS = Number(process.env.BCM_BENCH_ROUNDS ?? 10);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const net = await startTestnet();
  const h = await harness();
  const phones: Array<{ stop(): void }> = [];
  try {
    const spec = await regtestSpec(NAME, 'local');
    await h.service.save(spec, false);
    await (await h.service.apply(NAME)).done;
    await joinGatewayToTestnet(namesFor(NAME).project, net);
    const pairing = new WalletPairingService({ registry: h.registry, secrets: new SecretStore(layout(h.home)), datacenters: h.service });

    const t0 = Date.now();
    await h.service.save({ ...spec, walletPairing: true }, true);
    await (await h.service.apply(NAME)).done;
    const applied = Date.now();
    const paired = await pairing.pair(NAME, { wallet: 'bench', permission: 'readonly', api: 'rest' });
    const pairedAt = Date.now();
    const uri = parseLndConnect(paired.uri);
    if (!uri.ok) throw new Error(uri.reason);
    const phone = await startPhoneTor(h.home, net.clientLines, { bench: paired.clientAuth });
    phones.push(phone);
    const booted = Date.now();
    const first = await firstAnswer(phone, uri.value, 'GET', '/v1/getinfo', undefined, 180_000);
    const answered = Date.now();
    if (first.answer?.status !== 200) throw new Error(`no answer over the onion: ${first.errors.slice(-3).join(' | ')}`);
    console.log(`enable pairing -> first getinfo over the onion: ${s(answered - t0)} (apply ${s(applied - t0)}, pair ${s(pairedAt - applied)}, phone Tor ${s(booted - pairedAt)}, first call ${s(answered - booted)})`);

    const rtts: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const t = Date.now();
      await restViaOnion(phone, uri.value, 'GET', '/v1/getinfo');
      rtts.push(Date.now() - t);
    }
    console.log(`GET /v1/getinfo over the onion, ${CALLS} calls (new TLS connection each): median ${median(rtts)} ms, max ${Math.max(...rtts)} ms`);

    const r0 = Date.now();
    await pairing.revoke(NAME, 'bench');
    console.log(`revoke (key removed, gateway's Tor restarted): ${s(Date.now() - r0)}`);
  } finally {
    for (const p of phones) p.stop();
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
