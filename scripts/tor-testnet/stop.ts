// npx tsx scripts/tor-testnet/stop.ts [folder]: stops a network started by start.ts and removes its folder.
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? join(tmpdir(), 'bcm-tor-testnet'));
let pids: number[] = [];
try {
  pids = (JSON.parse(await readFile(join(root, 'state.json'), 'utf8')) as { pids: number[] }).pids;
} catch {
  console.log(`no private Tor network recorded in ${root}`);
  process.exit(0);
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGTERM');
const end = Date.now() + 5_000;
while (pids.some(alive) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
await rm(root, { recursive: true, force: true });
console.log(`stopped ${pids.length} tor processes; removed ${root}`);
