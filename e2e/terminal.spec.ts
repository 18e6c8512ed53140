import { randomBytes } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { screenshotBoth } from './support/app';
import { startHost, type RunningHost } from './support/host';
import { screenLines, typeLine } from './support/terminal';
import { lxc, tryLxc } from './support/lxc';

// A terminal into a real busybox container, through the browser host and LXD's interactive exec.
// Its own host (a fresh ~/.bcm), so it does not depend on the other specs.
test.describe.configure({ mode: 'serial' });

const container = `bcme-term-${randomBytes(3).toString('hex')}`;
let host: RunningHost;
// one page for the whole story: tabs live in its sessionStorage, as in a user's window
let page: Page;

test.beforeAll(async ({ browser }) => {
  lxc('launch', 'bcm-test-busybox', container);
  host = await startHost();
  page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
});

test.afterAll(async () => {
  tryLxc('delete', '--force', container);
  await page?.close().catch(() => undefined);
  await host?.stop();
});

async function openLocalEndpoint(): Promise<Locator> {
  await page.goto(await host.link());
  const add = page.getByRole('button', { name: 'Add this computer' });
  await expect(add.or(page.getByTestId('endpoint-local'))).toBeVisible();
  if (await add.isVisible()) await add.click();
  const row = page.getByTestId(`instance-${container}`);
  await expect(row.getByTestId('instance-status')).toHaveText('Running', { timeout: 30_000 });
  return row;
}

test('types into a shell in a container and reads the answer; the size follows the window', async () => {
  await page.setViewportSize({ width: 1440, height: 960 });
  const row = await openLocalEndpoint();
  await row.getByRole('button', { name: `Open a terminal in ${container}` }).click();

  const terminal = page.getByTestId(`terminal-${container}`);
  await expect(terminal.getByTestId('terminal-status')).toHaveAttribute('data-status', 'attached');
  // busybox has no bash: the fallback to sh is said
  await expect(terminal.getByTestId('terminal-notice')).toContainText('bash is not installed');

  await typeLine(page, terminal, 'echo $((6*7))');
  await expect.poll(() => screenLines(terminal)).toContain('42');
  await screenshotBoth(page, 'terminal-01-shell');

  // the window shrinks: xterm refits, LXD gets window-resize, and stty reads the new size
  const before = `${await terminal.getAttribute('data-rows')} ${await terminal.getAttribute('data-cols')}`;
  await page.setViewportSize({ width: 1000, height: 760 });
  await expect.poll(async () => `${await terminal.getAttribute('data-rows')} ${await terminal.getAttribute('data-cols')}`).not.toBe(before);
  await page.waitForTimeout(300); // the resize is debounced before it goes to main
  const size = `${await terminal.getAttribute('data-rows')} ${await terminal.getAttribute('data-cols')}`;
  await typeLine(page, terminal, 'stty size');
  await expect.poll(() => screenLines(terminal)).toContain(size);
  await page.setViewportSize({ width: 1440, height: 960 });
});

test('a reload reattaches to the same shell with its scrollback', async () => {
  const terminal = page.getByTestId(`terminal-${container}`);
  await expect(terminal.getByTestId('terminal-status')).toHaveAttribute('data-status', 'attached');
  const sessionId = await terminal.getAttribute('data-session-id');
  expect(sessionId).toMatch(/^t-/);
  await typeLine(page, terminal, 'export MARK=reattached-$((40+2))');
  await typeLine(page, terminal, 'echo $MARK');
  await expect.poll(() => screenLines(terminal)).toContain('reattached-42');

  await page.reload();
  const again = page.getByTestId(`terminal-${container}`);
  await expect(again.getByTestId('terminal-status')).toHaveAttribute('data-status', 'attached');
  await expect(again).toHaveAttribute('data-session-id', sessionId ?? '');
  await expect.poll(() => screenLines(again)).toContain('reattached-42');
  // the same shell: its variable is still set
  await typeLine(page, again, 'echo again-$MARK');
  await expect.poll(() => screenLines(again)).toContain('again-reattached-42');
});

test('exit shows the end with its code; reconnect opens a new shell; closing the tab ends it', async () => {
  const terminal = page.getByTestId(`terminal-${container}`);
  await expect(terminal.getByTestId('terminal-status')).toHaveAttribute('data-status', 'attached');
  await typeLine(page, terminal, 'exit 3');
  await expect(terminal.getByTestId('terminal-ended')).toContainText('Session ended (exit code 3)');
  await screenshotBoth(page, 'terminal-02-ended');

  await terminal.getByTestId('terminal-ended').getByRole('button', { name: 'Reconnect' }).click();
  await expect(terminal.getByTestId('terminal-status')).toHaveAttribute('data-status', 'attached');
  await typeLine(page, terminal, 'echo fresh-$((1+1))');
  await expect.poll(() => screenLines(terminal)).toContain('fresh-2');
  const shells = (): number => lxc('exec', container, '--', 'ps', '-o', 'args').split('\n').filter((l) => l.trim() === '/bin/sh -l').length;
  expect(shells()).toBe(1);

  await page.getByRole('button', { name: `Close terminal ${container}` }).click();
  await expect(page.getByTestId(`terminal-${container}`)).toHaveCount(0);
  await expect.poll(shells, { timeout: 10_000 }).toBe(0);
});

test('a stopped container offers no terminal', async () => {
  const stopped = `${container}-s`;
  lxc('init', 'bcm-test-busybox', stopped);
  try {
    await page.goto(await host.link());
    const row = page.getByTestId(`instance-${stopped}`);
    await expect(row.getByTestId('instance-status')).toHaveText('Stopped', { timeout: 30_000 });
    await expect(row.getByRole('button', { name: `Open a terminal in ${stopped}` })).toBeDisabled();
  } finally {
    tryLxc('delete', '--force', stopped);
  }
});
