/**
 * LXD client latency: BCM's client (one warm Node process, unix socket) against the `lxc` CLI
 * (a process per call, as a user or a shell script would run it) on the same daemon.
 *
 *   npx tsx scripts/bench/lxd-bench.ts            (N=15; BCM_BENCH_N to change)
 *
 * Creates 20 busybox containers in its own project `bcmt-bench-<random>` and removes them after.
 * Needs the test daemon (bash scripts/setup-test-env.sh).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { LxdClient, createUnixTransport, findLocalSocket } from '../../src/main/lxd/index';

const run = promisify(execFile);
const N = Number(process.env.BCM_BENCH_N ?? 15);
const INSTANCES = 20;
const IMAGE = 'bcm-test-busybox';

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  const mid = s.length / 2;
  const median = s.length % 2 ? (s[Math.floor(mid)] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
  return { median, p95: at(0.95) };
}

async function time(fn: () => Promise<unknown>, warmup = 3): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function main(): Promise<void> {
  const found = await findLocalSocket();
  if (found.state !== 'ready' || !found.socketPath) {
    throw new Error(`LXD not ready: ${found.message} ${found.nextStep ?? ''}`);
  }
  const root = new LxdClient(createUnixTransport(found.socketPath));
  const project = `bcmt-bench-${randomBytes(3).toString('hex')}`;
  const names = Array.from({ length: INSTANCES }, (_, i) => `bcmt-b${String(i + 1).padStart(2, '0')}`);
  const first = names[0] ?? 'bcmt-b01';
  console.log(`project ${project}: creating ${INSTANCES} busybox containers...`);
  await root.projects.create({ name: project, config: { 'features.images': 'false', 'features.profiles': 'false' } });
  const lxd = root.useProject(project);
  try {
    const t0 = performance.now();
    await Promise.all(names.map((name) => lxd.instances.create({ name, source: { type: 'image', alias: IMAGE } })));
    await Promise.all(names.map((name) => lxd.instances.start(name)));
    console.log(
      `created and started in ${((performance.now() - t0) / 1000).toFixed(1)} s; N=${N} per row, warm (3 untimed runs first)\n`,
    );

    const rows: Array<{ what: string; bcm: number[]; lxc: number[] }> = [];
    const bcmExec = await time(async () => {
      const r = await lxd.exec.run(first, ['echo', 'hi'], { idempotent: true });
      if (r.stdout.toString() !== 'hi\n') throw new Error('exec output mismatch');
    });
    const lxcExec = await time(() => run('lxc', ['exec', '--project', project, first, '--', 'echo', 'hi']));
    rows.push({ what: 'exec echo hi', bcm: bcmExec, lxc: lxcExec });

    const bcmList = await time(async () => {
      const list = await lxd.instances.list({ recursion: 2 });
      if (list.length !== INSTANCES) throw new Error(`listed ${list.length}`);
    });
    const lxcList = await time(() =>
      run('lxc', ['list', '--project', project, '--format', 'json'], { maxBuffer: 64 * 1024 * 1024 }),
    );
    rows.push({ what: `list ${INSTANCES} (recursion=2)`, bcm: bcmList, lxc: lxcList });

    const pad = (s: string, n: number): string => s.padEnd(n);
    const ms = (v: number): string => `${v.toFixed(1)} ms`.padStart(10);
    console.log(
      `${pad('operation', 24)}${'BCM med'.padStart(10)}${'BCM p95'.padStart(10)}${'lxc med'.padStart(10)}${'lxc p95'.padStart(10)}   lxc/BCM (median)`,
    );
    for (const row of rows) {
      const b = stats(row.bcm);
      const l = stats(row.lxc);
      console.log(
        `${pad(row.what, 24)}${ms(b.median)}${ms(b.p95)}${ms(l.median)}${ms(l.p95)}   ${(l.median / b.median).toFixed(2)}x`,
      );
    }
    console.log(
      '\nBCM: one warm Node process over the unix socket; lxc: one CLI process per call (its start-up included).',
    );
  } finally {
    console.log(`\nremoving ${project}...`);
    await Promise.all(names.map((name) => lxd.instances.delete(name, { force: true }).catch(() => undefined)));
    await root.projects
      .delete(project)
      .catch((err: unknown) => console.log(`could not remove ${project}: ${String(err)}`));
    root.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.log(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
