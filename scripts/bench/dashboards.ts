// Issue 4 figures (node and Lightning): the main process's CPU while the node and LND dashboards
// are open and refreshing (target < 1 % of one core), and the time from starting the app (the
// browser host) to the first painted node tile with a deployed datacenter (target < 1.5 s).
// Deploys a regtest datacenter (gateway + btcd + lnd) on the local LXD; needs the test image and
// local artifacts (scripts/setup-test-env.sh) and a build (node scripts/build.mjs).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { harness, regtestSpec } from '../../test/integration/datacenter/harness';
import { removeTestDatacenter } from '../../test/support/remove-datacenter';
import { namesFor } from '../../src/main/datacenter/naming';
import { ServicesService } from '../../src/main/services/core/service';
import { SecretStore } from '../../src/main/store/secrets';
import { layout } from '../../src/main/store/paths';

const NAME = `bcmt-svb${process.pid % 1000}`;
const IDLE_S = Number(process.env.BCM_BENCH_IDLE_S ?? 60);
const STARTS = Number(process.env.BCM_BENCH_ROUNDS ?? 3);
const HOST_JS = 'dist/main/host.js';
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** utime + stime of a process in seconds, from /proc (what process.cpuUsage() says inside it). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks: 100 per second on Linux
}

function startHost(home: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [HOST_JS, '--port', '0'], { env: { ...process.env, BCM_HOME: home }, stdio: ['pipe', 'pipe', 'inherit'] });
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

/** another one-time link from a running host (Enter on its stdin), for a second page */
function anotherLink(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    const onData = (c: Buffer): void => {
      out += c.toString();
      const m = /BCM_HOST_URL=(\S+)/.exec(out);
      if (m?.[1]) {
        child.stdout?.off('data', onData);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stdin?.write('\n');
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

if (!existsSync(HOST_JS)) throw new Error(`${HOST_JS} is missing: run \`node scripts/build.mjs\` first.`);
const h = await harness();
const names = namesFor(NAME);
let browser: Browser | undefined;
try {
  await h.service.save(await regtestSpec(NAME, 'local'), false);
  const { done } = await h.service.apply(NAME);
  await done;
  if (h.service.run(NAME)?.outcome !== 'succeeded') throw new Error('the datacenter did not deploy');
  const services = new ServicesService({ datacenters: h.service, registry: h.registry, secrets: new SecretStore(layout(h.home)) });
  await services.mine(NAME, 6);
  services.close();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });

  // 1. app start -> first painted node tile (a new host process each time; Chromium already running)
  const firstTile: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const page = await browser.newPage();
    const t0 = performance.now();
    const { child, url } = await startHost(h.home);
    // the token arrives in the URL's hash (the page keeps it); then the node dashboard's route
    await page.goto(url);
    await page.evaluate(`location.hash = ${JSON.stringify(`/dashboards/${NAME}/node`)}`);
    await page.locator('[data-testid="tile-sync"][data-state="ok"] [data-testid="node-height"]').waitFor();
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(null)))');
    firstTile.push(performance.now() - t0);
    await page.close();
    await stop(child);
  }

  // 2. main-process CPU: idle host, then with the node and LND dashboards open for IDLE_S seconds
  const { child, url } = await startHost(h.home);
  const pid = child.pid ?? 0;
  await new Promise((r) => setTimeout(r, 3_000));
  let c0 = cpuSeconds(pid);
  await new Promise((r) => setTimeout(r, (IDLE_S / 2) * 1000));
  const baseline = (cpuSeconds(pid) - c0) / (IDLE_S / 2);
  const pages = await Promise.all([browser.newPage(), browser.newPage()]);
  for (const [page, hash] of [
    [pages[0], `/dashboards/${NAME}/node`],
    [pages[1], `/dashboards/${NAME}/lightning/lnd`],
  ] as const) {
    // each page needs its own one-time link
    await page?.goto(page === pages[0] ? url : await anotherLink(child));
    await page?.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  }
  await pages[0]?.locator('[data-testid="tile-sync"][data-state="ok"]').waitFor();
  await pages[1]?.locator('[data-testid="tile-identity"][data-state="ok"]').waitFor();
  await new Promise((r) => setTimeout(r, 2_000));
  c0 = cpuSeconds(pid);
  await new Promise((r) => setTimeout(r, IDLE_S * 1000));
  const open = (cpuSeconds(pid) - c0) / IDLE_S;
  await stop(child);

  console.log(`dashboards (regtest btcd + lnd on local LXD; node and LND dashboards; Kafka's is measured by its own bench)`);
  console.log(`  app start -> first painted node tile   median ${(median(firstTile) / 1000).toFixed(2)} s  (all: ${firstTile.map((x) => (x / 1000).toFixed(2)).join(', ')}; target < 1.5 s)`);
  console.log(`  main process CPU, no dashboard          ${(baseline * 100).toFixed(2)} % of one core`);
  console.log(`  main process CPU, both dashboards open  ${(open * 100).toFixed(2)} % of one core over ${IDLE_S} s (${(open * 60).toFixed(2)} CPU-s per minute; target < 1 %)`);
} finally {
  await browser?.close();
  removeTestDatacenter(names);
  await h.close();
}
process.exit(0);
