// Issue 12 figures: the upgrade of one service (lnd 0.18.4 → 0.18.5, local builds) in a deployed
// regtest datacenter, as a re-apply of the spec with the new version: every step the plan has
// (a snapshot too, once snapshots are planned), the restart and the health gate; and the switch back
// (a rollback by hand). Medians over a few rounds. Needs scripts/setup-test-env.sh (test image,
// both builds of lnd listed in versions.json).
import { harness, regtestSpec, testVersions } from '../../test/integration/datacenter/harness';
import type { RunSnapshot } from '../../src/shared/datacenter/plan';
import { withVersion, type VersionChoice } from '../../src/shared/datacenter/versions';

const ROUNDS = Number(process.env.BCM_BENCH_ROUNDS ?? 3);
const NAME = `bcmu${process.pid % 10000}`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const builds = await testVersions();
const choice = (version: string): VersionChoice => {
  const b = builds.lnd?.find((x) => x.version === version);
  if (!b) throw new Error(`versions.json lists no lnd ${version}: run scripts/build-test-artifacts.sh`);
  return { source: 'local', version: b.version, sha256: b.sha256 };
};
const OLD = choice('0.18.4-beta-localbuild');
const NEW = choice('0.18.5-beta-localbuild');

const h = await harness();

async function run(start: () => Promise<{ done: Promise<void> }>): Promise<{ ms: number; snap: RunSnapshot }> {
  const t0 = performance.now();
  const { done } = await start();
  await done;
  const ms = performance.now() - t0;
  const snap = h.service.run(NAME);
  if (!snap || snap.outcome !== 'succeeded') throw new Error(`run ${snap?.outcome}: ${snap?.error?.message}`);
  return { ms, snap };
}

/** Saves the spec with lnd at `to`, plans (timed apart) and applies. */
async function switchTo(to: VersionChoice): Promise<{ planMs: number; ms: number; snap: RunSnapshot }> {
  await h.service.save(withVersion(await h.service.get(NAME), 'lnd', to), true);
  const t0 = performance.now();
  const plan = await h.service.plan(NAME, 'apply', true);
  const planMs = performance.now() - t0;
  if (plan.actions.some((a) => a.component !== 'lnd')) throw new Error(`the upgrade plan touches more than lnd: ${plan.actions.map((a) => a.id).join(', ')}`);
  return { planMs, ...(await run(() => h.service.apply(NAME))) };
}

const upgrades: number[] = [];
const rollbacks: number[] = [];
const plans: number[] = [];
const byKind = new Map<string, number[]>();
try {
  await h.service.save(withVersion(await regtestSpec(NAME, 'local'), 'lnd', OLD), false);
  await run(() => h.service.apply(NAME));
  for (let round = 0; round < ROUNDS; round++) {
    const up = await switchTo(NEW);
    upgrades.push(up.ms);
    plans.push(up.planMs);
    for (const a of up.snap.actions) byKind.set(a.kind, [...(byKind.get(a.kind) ?? []), up.snap.steps[a.id]?.durationMs ?? 0]);
    rollbacks.push((await switchTo(OLD)).ms);
    process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
  }
  await run(() => h.service.down(NAME, NAME, false));
} finally {
  await h.close();
}

console.log(`upgrade of one service (lnd 0.18.4-beta → 0.18.5-beta, local builds) incl. health gate, ${ROUNDS} rounds on local LXD`);
console.log(`  upgrade (re-apply)              median ${s(median(upgrades))}  (all: ${upgrades.map(s).join(', ')})`);
console.log(`  switch back (rollback by hand) median ${s(median(rollbacks))}  (all: ${rollbacks.map(s).join(', ')})`);
console.log(`  planning it                     median ${s(median(plans))}`);
console.log('  steps of the upgrade (median ms):');
for (const [k, xs] of [...byKind].sort((a, b) => median(b[1]) - median(a[1]))) console.log(`    ${k.padEnd(18)} ${String(Math.round(median(xs))).padStart(7)} ms`);
