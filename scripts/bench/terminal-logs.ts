/**
 * Terminal and log tails, end to end through the browser host against the real LXD:
 *   1. keystroke-to-echo latency: a WebSocket client speaking the renderer's protocol (browser
 *      host WebSocket -> router -> LXD interactive exec websocket and back), and in Chromium from
 *      the keydown to the character on the xterm screen;
 *   2. log throughput: a container appends 1,000,000 lines as fast as it can to a file the
 *      renderer tails (Chromium, the real log view), lines/s with the frame gaps meanwhile;
 *   3. the renderer's JS heap before and after those 1,000,000 lines (CDP, after a GC).
 *
 *   npx tsx scripts/bench/terminal-logs.ts        (BCM_BENCH_KEYS=200, BCM_BENCH_LINES=1000000)
 *
 * Creates one busybox container `bcmt-term-bench-<random>` and removes it after. Needs the test
 * daemon (bash scripts/setup-test-env.sh), Debian's Chromium and a build (`npm run build`).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../e2e/support/host';
import { createClient, type BcmApi } from '../../src/shared/client';
import { createWsBridge, type WebSocketLike } from '../../src/shared/ws-bridge';

const KEYS = Number(process.env.BCM_BENCH_KEYS ?? 200);
const LINES = Number(process.env.BCM_BENCH_LINES ?? 1_000_000);
const container = `bcmt-term-bench-${randomBytes(3).toString('hex')}`;
const lxc = (...args: string[]): string => execFileSync('lxc', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function stats(samples: number[]): { median: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? NaN };
}
const ms = (n: number): string => `${n.toFixed(2)} ms`;
const sleep = (t: number): Promise<void> => new Promise((r) => setTimeout(r, t));

async function connect(host: RunningHost): Promise<{ api: BcmApi; close: () => void }> {
  const url = new URL(await host.link());
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  const socketUrl = `ws://${url.host}/api?token=${encodeURIComponent(token)}`;
  const bridge = createWsBridge(socketUrl, (u) => new WebSocket(u, { origin: `http://${url.host}` }) as unknown as WebSocketLike);
  return { api: createClient(bridge), close: () => bridge.close() };
}

/** Keystroke to echo over the host's WebSocket, one character at a time. */
async function echoOverWebSocket(api: BcmApi): Promise<number[]> {
  const session = await api.invoke('terminal.open', { endpoint: 'local', project: 'default', name: container, shell: 'sh', cols: 120, rows: 40 });
  let waiting: { char: string; done: () => void } | undefined;
  let screen = '';
  const stop = api.subscribe('terminal.output', { sessionId: session.sessionId }, (event) => {
    if (event.type === 'exit') return;
    const text = Buffer.from(event.data, 'base64').toString('latin1');
    screen += text;
    if (event.type === 'data') void api.invoke('terminal.ack', { sessionId: session.sessionId, offset: event.offset });
    if (waiting && text.includes(waiting.char)) waiting.done();
  });
  const until = async (probe: () => boolean): Promise<void> => {
    for (let i = 0; i < 200 && !probe(); i++) await sleep(25);
  };
  await until(() => screen.includes('#'));
  const samples: number[] = [];
  for (let i = 0; i < KEYS + 10; i++) {
    if (i % 50 === 0) {
      await api.invoke('terminal.write', { sessionId: session.sessionId, data: '\x15', encoding: 'utf8' }); // clear the line
      await sleep(50);
    }
    const char = String.fromCharCode(97 + (i % 26));
    const t = performance.now();
    await new Promise<void>((done) => {
      waiting = { char, done };
      void api.invoke('terminal.write', { sessionId: session.sessionId, data: char, encoding: 'utf8' });
    });
    waiting = undefined;
    if (i >= 10) samples.push(performance.now() - t);
  }
  stop();
  await api.invoke('terminal.close', { sessionId: session.sessionId });
  return samples;
}

/** Keydown to the character on the xterm screen, in Chromium. */
async function echoInChromium(page: Page): Promise<number[]> {
  await page.getByTestId(`instance-${container}`).getByRole('button', { name: `Open a terminal in ${container}` }).click();
  const terminal = page.getByTestId(`terminal-${container}`);
  await terminal.getByTestId('terminal-status').and(page.locator('[data-status="attached"]')).waitFor();
  await terminal.locator('.xterm').click();
  await page.waitForTimeout(300);
  return page.evaluate(`(${ECHO_IN_PAGE})(${KEYS})`) as Promise<number[]>;
}

// Plain JavaScript run in the page (as text: tsx would add helpers the page does not have).
const ECHO_IN_PAGE = `async (keys) => {
  const rows = document.querySelector('[data-testid^="terminal-"] .xterm-rows');
  const input = document.querySelector('[data-testid^="terminal-"] .xterm-helper-textarea');
  if (!rows || !input) throw new Error('no terminal on the page');
  const text = () => rows.textContent || '';
  const samples = [];
  for (let i = 0; i < keys + 10; i++) {
    const char = String.fromCharCode(97 + (i % 26));
    if (i % 40 === 0) {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'u', code: 'KeyU', ctrlKey: true, keyCode: 85, bubbles: true }));
      await new Promise((r) => setTimeout(r, 80));
    }
    const before = text().split(char).length;
    const t = performance.now();
    const seen = new Promise((resolve) => {
      const obs = new MutationObserver(() => {
        if (text().split(char).length > before) { obs.disconnect(); resolve(); }
      });
      obs.observe(rows, { childList: true, subtree: true, characterData: true });
    });
    input.dispatchEvent(new KeyboardEvent('keydown', { key: char, code: 'Key' + char.toUpperCase(), keyCode: char.toUpperCase().charCodeAt(0), bubbles: true }));
    input.dispatchEvent(new KeyboardEvent('keypress', { key: char, charCode: char.charCodeAt(0), keyCode: char.charCodeAt(0), bubbles: true }));
    await seen;
    if (i >= 10) samples.push(performance.now() - t);
  }
  return samples;
}`;

const START_GAPS = `(() => {
  window.bcmGaps = [];
  window.bcmStop = false;
  let last = performance.now();
  const tick = (now) => { window.bcmGaps.push(now - last); last = now; if (!window.bcmStop) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;
const STOP_GAPS = `(() => { window.bcmStop = true; return window.bcmGaps; })()`;

async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
}

async function throughput(page: Page): Promise<void> {
  lxc('exec', container, '--', 'sh', '-c', ': > /var/log/flood.log');
  await page.getByTestId(`instance-${container}`).getByRole('button', { name: `Open the logs of ${container}` }).click();
  const view = page.getByTestId(`logs-${container}`);
  const source = view.getByRole('combobox', { name: 'Log source' });
  await source.click();
  await page.getByRole('option', { name: '/var/log/flood.log' }).click();
  await view.and(page.locator('[data-state="live"]')).waitFor();
  await page.waitForTimeout(500);
  const heapBefore = await heapAfterGc(page);
  // frame gaps while the lines pour in: how responsive the UI stays
  await page.evaluate(START_GAPS);
  const received = async (): Promise<number> => Number(await view.getAttribute('data-received'));
  const t0 = Date.now();
  execFileSync('lxc', ['exec', container, '--', 'sh', '-c', `seq 1 ${LINES} | sed 's/^/flood line /' >> /var/log/flood.log`]);
  const written = Date.now() - t0;
  let first = 0;
  for (;;) {
    const n = await received();
    if (n > 0 && first === 0) first = Date.now();
    if (n >= LINES) break;
    if (Date.now() - t0 > 180_000) throw new Error(`only ${n} of ${LINES} lines after 180 s`);
    await sleep(50);
  }
  const done = Date.now();
  const gaps = (await page.evaluate(STOP_GAPS)) as number[];
  const heapAfter = await heapAfterGc(page);
  const domNodes = (await page.evaluate("document.getElementsByTagName('*').length")) as number;
  const rows = await view.locator('[data-line]').count();
  const g = stats(gaps);
  const seconds = (done - first) / 1000;
  console.log(`log throughput: ${LINES.toLocaleString('en-US')} lines written in the container in ${(written / 1000).toFixed(1)} s`);
  console.log(`  renderer received them in ${seconds.toFixed(2)} s from the first one: ${Math.round(LINES / seconds).toLocaleString('en-US')} lines/s (target >= 50,000)`);
  console.log(`  frame gaps meanwhile: median ${ms(g.median)}, p95 ${ms(g.p95)}, worst ${ms(g.max)} (${gaps.length} frames)`);
  console.log(`renderer JS heap (after GC): ${(heapBefore / 1048576).toFixed(1)} MiB before, ${(heapAfter / 1048576).toFixed(1)} MiB after ${LINES.toLocaleString('en-US')} lines: +${((heapAfter - heapBefore) / 1048576).toFixed(1)} MiB (target within 50 MiB)`);
  console.log(`  DOM: ${rows} log rows in the document, ${domNodes} elements in all (virtualised)`);
}

async function main(): Promise<void> {
  if (!existsSync('dist/main/host.js')) execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
  lxc('launch', 'bcm-test-busybox', container);
  const host = await startHost();
  const { api, close } = await connect(host);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'] });
  try {
    await api.invoke('endpoints.addLocal', { name: 'local' });
    const ws = stats(await echoOverWebSocket(api));
    console.log(`keystroke to echo, host WebSocket -> router -> LXD exec and back (N=${KEYS}): median ${ms(ws.median)}, p95 ${ms(ws.p95)} (target p95 < 30 ms)`);

    const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    await page.goto(await host.link());
    await page.getByTestId(`instance-${container}`).waitFor();
    const ui = stats(await echoInChromium(page));
    console.log(`keystroke to echo in Chromium, keydown -> xterm screen (N=${KEYS}): median ${ms(ui.median)}, p95 ${ms(ui.p95)}`);
    await throughput(page);
  } finally {
    await browser.close();
    close();
    await host.stop();
    try {
      lxc('delete', '--force', container);
    } catch {
      // already gone
    }
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`terminal-logs bench failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(0); // a bench prints figures; tests check behaviour
  },
);
