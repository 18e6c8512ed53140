// Issue 3 figures: apply the regtest datacenter (gateway + btcd + lnd) from scratch on the local
// LXD, a no-op re-apply, and down; medians over a few rounds, with the share of each step kind.
// Needs the test image and local artifacts (scripts/setup-test-env.sh).
import { harness, regtestSpec } from '../../test/integration/datacenter/harness';
import type { RunSnapshot } from '../../src/shared/datacenter/plan';

const ROUNDS = Number(process.env.BCM_BENCH_ROUNDS ?? 3);
const NAME = `bcmb${process.pid % 10000}`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const h = await harness();
await h.service.save(await regtestSpec(NAME, 'local'), false);
const applies: number[] = [];
const noops: number[] = [];
const downs: number[] = [];
const byKind = new Map<string, number[]>();
const overhead: number[] = [];

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
    let inSteps = 0;
    for (const a of apply.snap.actions) {
      const d = apply.snap.steps[a.id]?.durationMs ?? 0;
      inSteps += d;
      kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + d);
    }
    for (const [k, d] of kinds) byKind.set(k, [...(byKind.get(k) ?? []), d]);
    overhead.push(((apply.ms - inSteps) / apply.ms) * 100);
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const plan = await h.service.plan(NAME, 'apply', true);
      if (plan.actions.length) throw new Error(`re-apply planned ${plan.actions.length} actions`);
      noops.push(performance.now() - t0);
    }
    downs.push((await timed(() => h.service.down(NAME, NAME, false))).ms);
    process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
  }
} finally {
  await h.close();
}

const total = [...byKind.values()].reduce((n, xs) => n + median(xs), 0);
console.log(`datacenter (regtest: gateway + btcd + lnd), ${ROUNDS} rounds on local LXD`);
console.log(`  apply from scratch   median ${s(median(applies))}  (all: ${applies.map(s).join(', ')})`);
console.log(`  no-op re-apply       median ${s(median(noops))}  (plan of an empty diff; target < 2 s)`);
console.log(`  down                 median ${s(median(downs))}`);
console.log(`  BCM overhead outside the steps (planning, observing, bookkeeping): median ${median(overhead).toFixed(1)} % of the apply`);
console.log('  share of the apply by step kind (median ms, % of time in steps):');
for (const [k, xs] of [...byKind].sort((a, b) => median(b[1]) - median(a[1]))) {
  console.log(`    ${k.padEnd(18)} ${String(Math.round(median(xs))).padStart(7)} ms  ${((median(xs) / total) * 100).toFixed(1).padStart(5)} %`);
}
