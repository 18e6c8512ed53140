// Issue 4 figures (Kafka half): deploy time of a regtest datacenter with Kafka (one KRaft broker)
// and the logging pipeline, with the Kafka container's steps; the messaging adapter's first
// overview (tunnels opened, quorum read by a JVM tool) and warm overviews; the time for a topic
// tail to go live; and the main process's CPU while the Kafka dashboard is open and refreshing
// (target < 1 % of one core). Needs the test image, its JVM variant and the local artifacts
// (scripts/setup-test-env.sh) and a build (node scripts/build.mjs).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { datacenterSpecSchema } from '../../src/shared/datacenter/spec';
import { createMessagingService } from '../../src/main/services/messaging';
import { harness, testOverrides, TEST_IMAGE } from '../../test/integration/datacenter/harness';

const NAME = `bcmt-kfb${process.pid % 1000}`;
const IDLE_S = Number(process.env.BCM_BENCH_IDLE_S ?? 60);
const HOST_JS = 'dist/main/host.js';
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function startHost(home: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [HOST_JS, '--port', '0'], { env: { ...process.env, BCM_HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /BCM_HOST_URL=(\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`host exited (${code})`)));
  });
}

if (!existsSync(HOST_JS)) throw new Error(`${HOST_JS} is missing: run \`node scripts/build.mjs\` first.`);
const h = await harness();
let browser: Browser | undefined;
let host: ChildProcess | undefined;
try {
  await h.service.save(
    datacenterSpecSchema.parse({
      schemaVersion: 1, name: NAME, endpoint: 'local', chain: 'regtest', bitcoin: { implementation: 'btcd' }, lightning: { lnd: false, clightning: false },
      kafka: { enabled: true, brokers: 1 }, logging: true, image: { alias: TEST_IMAGE }, artifacts: await testOverrides(),
    }),
    false,
  );
  const t0 = performance.now();
  const { done } = await h.service.apply(NAME);
  await done;
  const applyMs = performance.now() - t0;
  const snap = h.service.run(NAME);
  if (snap?.outcome !== 'succeeded') throw new Error(`the datacenter did not deploy: ${snap?.error?.message}`);
  console.log(`apply gateway + btcd + kafka-01 (+ log shipper everywhere): ${s(applyMs)}`);
  for (const a of snap.actions.filter((x) => x.target.startsWith('kafka-01'))) console.log(`  ${a.kind.padEnd(16)} ${s(snap.steps[a.id]?.durationMs ?? 0)}`);

  const messaging = createMessagingService({ spec: (n) => h.service.get(n), client: (e) => h.registry.client(e) });
  let t = performance.now();
  const first = await messaging.overview(NAME);
  console.log(`first overview (tunnels + quorum via kafka-metadata-quorum): ${s(performance.now() - t)} (${first.state})`);
  const warm: number[] = [];
  for (let i = 0; i < 10; i++) {
    t = performance.now();
    await messaging.overview(NAME);
    warm.push(performance.now() - t);
  }
  console.log(`warm overview, median of 10: ${median(warm).toFixed(0)} ms`);
  t = performance.now();
  const live = await new Promise<number>((resolve) => {
    const stop = messaging.tail({ datacenter: NAME, topic: 'bcm-logs', backlog: 10 }, (e) => {
      if (e.type === 'messages') {
        stop();
        resolve(performance.now() - t);
      }
    });
  });
  console.log(`tail of bcm-logs to its first messages: ${s(live)}`);
  await messaging.closeAll();

  const started = await startHost(h.home);
  host = started.child;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
  await page.goto(started.url);
  await page.evaluate(`location.hash = '#/dashboards/${NAME}/kafka'`);
  await page.getByTestId('kafka-health').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(5_000);
  const pid = host.pid ?? 0;
  const c0 = cpuSeconds(pid);
  await page.waitForTimeout(IDLE_S * 1000);
  const perMinute = ((cpuSeconds(pid) - c0) / IDLE_S) * 60;
  console.log(`main process CPU with the Kafka dashboard open (5 s refresh, tail live): ${perMinute.toFixed(2)} CPU-s per minute = ${((perMinute / 60) * 100).toFixed(2)} % of one core`);
} finally {
  await browser?.close();
  host?.kill('SIGTERM');
  const { done } = await h.service.down(NAME, NAME, false);
  await done.catch(() => undefined);
  await h.close();
}
