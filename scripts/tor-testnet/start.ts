// npx tsx scripts/tor-testnet/start.ts [folder]: starts the private Tor network in the background
// (it outlives this command) and prints how to point BCM at it; stop it with stop.ts.
//   BCM_TOR_EXTRA_TORRC=<folder>/client.torrc npm run host
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connectOnionNode, startTestnet, waitBootstrapped } from './network';

const root = resolve(process.argv[2] ?? join(tmpdir(), 'bcm-tor-testnet'));
await mkdir(root, { recursive: true });
const started = Date.now();
const net = await startTestnet({ root, ownerPid: 0 });
const control = await connectOnionNode(net);
const ms = await waitBootstrapped(control, 120_000);
control.close();
await writeFile(join(root, 'client.torrc'), `${net.clientLines.join('\n')}\n`);
await writeFile(
  join(root, 'state.json'),
  JSON.stringify({ root, pids: net.pids, onion: net.onion, clientTorrc: join(root, 'client.torrc'), startedAt: new Date(started).toISOString() }, null, 2),
);
console.log(`private Tor network ready in ${((Date.now() - started) / 1000).toFixed(1)} s (bootstrap ${(ms / 1000).toFixed(1)} s, keys ${net.keys.generated} made in ${net.keys.ms} ms)`);
console.log(`  onion node control port: 127.0.0.1:${net.onion.control.port} (cookie ${net.onion.cookieFile})`);
console.log(`  BCM_TOR_EXTRA_TORRC=${join(root, 'client.torrc')} npm run host`);
console.log(`  stop: npx tsx scripts/tor-testnet/stop.ts ${root}`);
process.exit(0);
