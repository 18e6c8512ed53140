import { randomBytes } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { screenshotBoth } from './support/app';
import { startHost, type RunningHost } from './support/host';
import { lxc, tryLxc } from './support/lxc';

// A log tail of a real container writing a line every 100 ms, through the browser host.
test.describe.configure({ mode: 'serial' });

const container = `bcme-term-${randomBytes(3).toString('hex')}`;
const TICKER = '/var/log/ticker.log';
let host: RunningHost;
let page: Page;

test.beforeAll(async ({ browser }) => {
  lxc('launch', 'bcm-test-busybox', container);
  // a line per 100 ms, numbered; some warnings and errors for the level filter
  const loop = `i=0; while true; do i=$((i+1)); echo "$(date) tick $i"; [ $((i % 25)) = 0 ] && echo "$(date) ERROR tick $i failed"; [ $((i % 10)) = 0 ] && echo "$(date) WARN tick $i slow"; sleep 0.1; done > ${TICKER}`;
  lxc('exec', container, '--', 'sh', '-c', `setsid sh -c '${loop}' </dev/null >/dev/null 2>&1 &`);
  host = await startHost();
  page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
});

test.afterAll(async () => {
  tryLxc('delete', '--force', container);
  await page?.close().catch(() => undefined);
  await host?.stop();
});

const received = async (view: Locator): Promise<number> => Number(await view.getAttribute('data-received'));

/** The text of the log lines in sight (the list is virtualised: only these exist in the DOM). */
const visibleLines = (view: Locator): Promise<string[]> =>
  view.locator('[data-line]').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));

test('follows a file, pauses, searches with highlighting, resumes', async () => {
  await page.goto(await host.link());
  await page.getByRole('button', { name: 'Add this computer' }).click();
  const row = page.getByTestId(`instance-${container}`);
  await expect(row.getByTestId('instance-status')).toHaveText('Running', { timeout: 30_000 });
  await row.getByRole('button', { name: `Open the logs of ${container}` }).click();

  const view = page.getByTestId(`logs-${container}`);
  const source = view.getByRole('combobox', { name: 'Log source' });
  await expect(source).not.toHaveValue('');
  await source.click();
  await page.getByRole('option', { name: TICKER }).click();
  await expect(source).toHaveValue(TICKER);
  await expect(view.getByTestId('log-state')).toHaveAttribute('data-state', 'live');

  // new lines arrive (busybox tail -F reads once a second)
  await expect.poll(() => received(view), { timeout: 10_000 }).toBeGreaterThan(5);
  const first = await received(view);
  await expect.poll(() => received(view), { timeout: 10_000 }).toBeGreaterThan(first + 5);
  await expect.poll(async () => (await visibleLines(view)).some((l) => / tick \d+$/.test(l))).toBe(true);

  // pause: the view holds still while lines keep coming
  await view.getByRole('button', { name: 'Pause' }).click();
  await expect(view).toHaveAttribute('data-paused', 'true');
  const frozen = await visibleLines(view);
  const atPause = await received(view);
  await expect.poll(() => received(view), { timeout: 10_000 }).toBeGreaterThan(atPause + 5);
  expect(await visibleLines(view)).toEqual(frozen);
  await expect(view.getByRole('button', { name: /Resume \(\d+ new\)/ })).toBeVisible();

  // search: matches are counted and highlighted, and Enter jumps between them
  await view.getByRole('textbox', { name: 'Search the log' }).fill('tick 1');
  await expect(view.getByTestId('log-search-count')).toHaveText(/of \d+|No matches/);
  await view.getByRole('textbox', { name: 'Search the log' }).press('Enter');
  await expect(view.getByTestId('log-search-count')).toHaveText(/^1 of \d+/);
  await expect(view.locator('mark').first()).toHaveText('tick 1');
  await screenshotBoth(page, 'logs-01-paused-search');

  // levels where the format says them: show only the errors
  for (const level of ['Warning', 'Info', 'Debug', 'Other']) await view.getByText(new RegExp(`^${level} \\d`)).click();
  await expect.poll(async () => (await visibleLines(view)).every((l) => l.includes('ERROR'))).toBe(true);
  for (const level of ['Warning', 'Info', 'Debug', 'Other']) await view.getByText(new RegExp(`^${level} \\d`)).click();
  await view.getByRole('textbox', { name: 'Search the log' }).fill('');

  // resume: back to the end, following again
  await view.getByRole('button', { name: /Resume/ }).click();
  await expect(view).toHaveAttribute('data-paused', 'false');
  const before = await received(view);
  await expect.poll(() => received(view), { timeout: 10_000 }).toBeGreaterThan(before);
  await expect
    .poll(async () => {
      const lines = await visibleLines(view);
      const last = lines[lines.length - 1] ?? '';
      return Number(/tick (\d+)/.exec(last)?.[1] ?? 0);
    })
    .toBeGreaterThan(Number(/tick (\d+)/.exec(frozen[frozen.length - 1] ?? '')?.[1] ?? 0));
});

test("LXD's own log of the instance can be followed too, and saved to a file", async () => {
  const view = page.getByTestId(`logs-${container}`);
  const source = view.getByRole('combobox', { name: 'Log source' });
  await source.click();
  await page.getByRole('option', { name: 'LXD: lxc.log' }).click();
  await expect(view.getByTestId('log-state')).toHaveAttribute('data-state', 'live');
  await expect.poll(async () => (await visibleLines(view)).some((l) => l.includes(`lxc ${container}`))).toBe(true);

  const download = page.waitForEvent('download');
  await view.getByRole('button', { name: 'Save to a file' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^${container}-lxc\\.log-\\d{8}-\\d{6}\\.log$`));
  await screenshotBoth(page, 'logs-02-lxd-log');
});
