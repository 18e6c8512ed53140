// Issue 14 figures: the regtest datacenter (gateway + btcd + lnd) on the real three-member LXD
// cluster of scripts/setup-test-cluster.sh, placed across the three members (automatic placement)
// against all on one member (chosen); for each, the time to place (the plan: members, their free
// resources, placement) and to apply from scratch, then down. All members run on this one machine,
// so the figures show BCM's and LXD's cluster overhead (forwarded calls, image copies between
// members, the VXLAN bridge), not more hardware.
// BCM_BENCH_ROUNDS (default 2).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harnessAt, regtestSpec } from '../../test/integration/datacenter/harness';
import { CLUSTER_SOCKET, ensureCluster, removeClusterDatacenter } from '../../test/support/cluster';
import { namesFor } from '../../src/main/datacenter/naming';

const ROUNDS = Number(process.env.BCM_BENCH_ROUNDS ?? 2);
const NAME = `club${process.pid % 10000}`;
const names = namesFor(NAME);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

ensureCluster();
const h = await harnessAt(await mkdtemp(join(tmpdir(), 'bcm-club-')));
await h.registry.addLocal('cluster', CLUSTER_SOCKET);
const base = await regtestSpec(NAME, 'cluster');
const layouts = {
  'across three members (automatic)': {},
  'on one member (m2, chosen)': { gateway: 'm2', btcd: 'm2', lnd: 'm2' },
} as const;
const figures = new Map<string, { place: number[]; apply: number[]; down: number[]; members: string[] }>();

async function timedRun(run: () => Promise<{ done: Promise<void> }>): Promise<number> {
  const t0 = performance.now();
  const { done } = await run();
  await done;
  const snap = h.service.run(NAME);
  if (!snap || snap.outcome !== 'succeeded') throw new Error(`run ${snap?.outcome}: ${snap?.error?.message}`);
  return performance.now() - t0;
}

try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, placement] of Object.entries(layouts)) {
      await h.service.save({ ...base, placement }, true);
      const t0 = performance.now();
      const plan = await h.service.plan(NAME, 'apply', true);
      const place = performance.now() - t0;
      if (plan.blockers.length) throw new Error(plan.blockers.join(' '));
      const apply = await timedRun(() => h.service.apply(NAME));
      const down = await timedRun(() => h.service.down(NAME, NAME, false));
      const f = figures.get(label) ?? { place: [], apply: [], down: [], members: [] };
      f.place.push(place);
      f.apply.push(apply);
      f.down.push(down);
      f.members = [...new Set((plan.placement ?? []).map((p) => p.member))].sort();
      figures.set(label, f);
      process.stderr.write(`round ${round + 1}/${ROUNDS} ${label}: place ${s(place)}, apply ${s(apply)}, down ${s(down)}\n`);
    }
  }
} finally {
  removeClusterDatacenter(names.project, [names.internalNetwork, names.natNetwork], names.internalAcl);
  await h.close();
}

console.log(`cluster (regtest: gateway + btcd + lnd) on a three-member LXD cluster on this machine, ${ROUNDS} rounds`);
for (const [label, f] of figures) {
  console.log(`  ${label.padEnd(34)} members ${f.members.join(',').padEnd(9)} place median ${s(median(f.place))}  apply median ${s(median(f.apply))}  (all: ${f.apply.map(s).join(', ')})  down median ${s(median(f.down))}`);
}
