// Issue 3 / issue 12 figures: apply the regtest datacenter (gateway + btcd + lnd) from scratch on the
// local LXD, a no-op re-apply, and down; medians over a few rounds, with the share of each step kind
// and the longest dependency chain of each apply (the critical path through the apply's DAG, from
// that run's own step durations), and how close the apply came to it.
// Needs the test image and local artifacts (scripts/setup-test-env.sh).
// BCM_BENCH_ROUNDS (default 3); BCM_BENCH_CONCURRENCY (apply steps at once; 1 = one after another).
import { harness, regtestSpec } from '../../test/integration/datacenter/harness';
import type { RunSnapshot } from '../../src/shared/datacenter/plan';
import { containersOf } from '../../src/shared/datacenter/catalog';
import { recipeFor } from '../../src/main/datacenter/components';
import { criticalPath, dagContext, planPrerequisites } from '../../src/main/datacenter/dag';
import { addressesFor } from '../../src/main/datacenter/naming';

const ROUNDS = Number(process.env.BCM_BENCH_ROUNDS ?? 3);
const CONCURRENCY = process.env.BCM_BENCH_CONCURRENCY ? Number(process.env.BCM_BENCH_CONCURRENCY) : undefined;
const NAME = `bcmb${process.pid % 10000}`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const h = await harness(CONCURRENCY !== undefined ? { concurrency: CONCURRENCY } : {});
await h.service.save(await regtestSpec(NAME, 'local'), false);
const spec = await h.service.get(NAME);
// the DAG needs only the recipes' shape (volumes, first-boot packages), not their secrets
const ctx = { addresses: addressesFor(spec), secrets: {}, gatewayProxy: `http://${addressesFor(spec).gateway}:8888` };
const dag = dagContext(spec, Object.fromEntries(containersOf(spec).map((c) => [c.name, recipeFor(spec, c, ctx)])));

const applies: number[] = [];
const noops: number[] = [];
const downs: number[] = [];
const byKind = new Map<string, number[]>();
const overhead: number[] = [];
const chains: Array<{ ms: number; ratio: number; ids: string[] }> = [];

async function timed(run: () => Promise<{ done: Promise<void> }>): Promise<{ ms: number; snap: RunSnapshot }> {
  const t0 = performance.now();
  const { done } = await run();
  await done;
  const ms = performance.now() - t0;
  const snap = h.service.run(NAME);
  if (!snap || snap.outcome !== 'succeeded') throw new Error(`run ${snap?.outcome}: ${snap?.error?.message}`);
  return { ms, snap };
}

try {
  for (let round = 0; round < ROUNDS; round++) {
    const apply = await timed(() => h.service.apply(NAME));
    applies.push(apply.ms);
    const kinds = new Map<string, number>();
    const duration = (id: string): number => apply.snap.steps[id]?.durationMs ?? 0;
    for (const a of apply.snap.actions) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + duration(a.id));
    for (const [k, d] of kinds) byKind.set(k, [...(byKind.get(k) ?? []), d]);
    const path = criticalPath(apply.snap.actions, planPrerequisites(apply.snap, dag), duration);
    chains.push({ ms: path.ms, ratio: apply.ms / path.ms, ids: path.ids });
    // time the run spent outside any step: planning, observing, scheduling and bookkeeping
    overhead.push(((apply.ms - path.ms) / apply.ms) * 100);
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const plan = await h.service.plan(NAME, 'apply', true);
      if (plan.actions.length) throw new Error(`re-apply planned ${plan.actions.length} actions`);
      noops.push(performance.now() - t0);
    }
    downs.push((await timed(() => h.service.down(NAME, NAME, false))).ms);
    process.stderr.write(`round ${round + 1}/${ROUNDS} done: apply ${s(apply.ms)}, longest chain ${s(path.ms)}\n`);
  }
} finally {
  await h.close();
}

const inSteps = [...byKind.values()].reduce((n, xs) => n + median(xs), 0);
const mid = [...chains].sort((a, b) => a.ratio - b.ratio)[Math.floor(chains.length / 2)];
console.log(`datacenter (regtest: gateway + btcd + lnd), ${ROUNDS} rounds on local LXD, ${CONCURRENCY ?? 'default'} steps at once`);
console.log(`  apply from scratch   median ${s(median(applies))}  (all: ${applies.map(s).join(', ')})`);
console.log(`  longest dependency chain (critical path, same runs) median ${s(median(chains.map((c) => c.ms)))}  (all: ${chains.map((c) => s(c.ms)).join(', ')})`);
console.log(`  apply / longest chain median ${median(chains.map((c) => c.ratio)).toFixed(2)}x  (all: ${chains.map((c) => `${c.ratio.toFixed(2)}x`).join(', ')}; target <= 1.2x)`);
console.log(`  no-op re-apply       median ${s(median(noops))}  (plan of an empty diff; target < 0.1 s)`);
console.log(`  down                 median ${s(median(downs))}`);
console.log(`  apply time beyond the longest chain (planning, observing, scheduling, contention): median ${median(overhead).toFixed(1)} %`);
console.log(`  sum of step durations median ${s(inSteps)}; by step kind (median ms, % of the sum):`);
for (const [k, xs] of [...byKind].sort((a, b) => median(b[1]) - median(a[1]))) {
  console.log(`    ${k.padEnd(18)} ${String(Math.round(median(xs))).padStart(7)} ms  ${((median(xs) / inSteps) * 100).toFixed(1).padStart(5)} %`);
}
if (mid) console.log(`  the longest chain of the median run: ${mid.ids.join(' -> ')}`);
