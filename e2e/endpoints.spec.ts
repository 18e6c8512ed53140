import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { screenshotBoth } from './support/app';
import { startHost, type RunningHost } from './support/host';
import { instanceStatus, lxc, serverFingerprint, trustedFingerprints, tryLxc } from './support/lxc';

// One host, one LXD: the steps build on each other (local first, then the same daemon as a remote).
test.describe.configure({ mode: 'serial' });

const container = `bcme-${randomBytes(4).toString('hex')}`;
const REMOTE_ADDRESS = '127.0.0.1:8443';
const TRUST_PASSWORD = process.env['BCM_TEST_TRUST_PASSWORD'] ?? 'bcm-test-trust';
let trustedBefore: string[] = [];
let host: RunningHost;

test.beforeAll(async () => {
  trustedBefore = trustedFingerprints();
  host = await startHost();
});

test.afterAll(async () => {
  await host?.stop();
  tryLxc('delete', '--force', container);
  // Remove only the certificates this run added (BCM's client identity).
  for (const fingerprint of trustedFingerprints()) {
    if (!trustedBefore.includes(fingerprint)) tryLxc('config', 'trust', 'remove', fingerprint);
  }
});

function card(page: Page, name: string) {
  return page.getByTestId(`endpoint-${name}`);
}

async function openAddRemote(page: Page, address: string) {
  await page.getByRole('button', { name: 'Add remote server' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Server address or trust token').fill(address);
  await dialog.getByRole('button', { name: 'Continue' }).click();
  return dialog;
}

async function openAddRemoteAtCredentials(page: Page) {
  const dialog = await openAddRemote(page, REMOTE_ADDRESS);
  await expect(dialog.getByTestId('fingerprint')).toBeVisible();
  return dialog;
}

test('adds this computer in one click', async ({ page }) => {
  await page.goto(await host.link());
  await expect(page.getByRole('heading', { name: 'Endpoints' })).toBeVisible();
  // the token left the visible URL
  expect(page.url()).not.toContain('token=');
  await expect(page.getByRole('button', { name: 'Add this computer' })).toBeVisible();
  await screenshotBoth(page, '01-empty');

  // the header's toggle switches the colour scheme
  const html = page.locator('html');
  const start = (await html.getAttribute('data-mantine-color-scheme')) === 'dark' ? 'dark' : 'light';
  const other = start === 'dark' ? 'light' : 'dark';
  await page.getByRole('button', { name: `Switch to ${other} mode` }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', other);
  await page.getByRole('button', { name: `Switch to ${start} mode` }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', start);

  await page.getByRole('button', { name: 'Add this computer' }).click();
  const local = card(page, 'local');
  await expect(local).toBeVisible();
  await expect(local.getByTestId('reachability')).toHaveText(/Online/);
  await expect(local.getByText(/LXD \d/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add this computer' })).toHaveCount(0);

  // a reload keeps working: the token is in sessionStorage now
  await page.reload();
  await expect(card(page, 'local').getByTestId('reachability')).toHaveText(/Online/);
});

test('an address where nothing answers shows UNREACHABLE at the server step', async ({ page }) => {
  await page.goto(await host.link());
  const dialog = await openAddRemote(page, '127.0.0.1:9');
  const alert = dialog.locator('[data-error-code="UNREACHABLE"]');
  await expect(alert).toBeVisible();
  await expect(dialog.getByLabel('Server address or trust token')).toHaveValue('127.0.0.1:9');
  await expect(dialog.getByLabel('Server address or trust token')).toHaveAttribute('aria-invalid', 'true');
  await screenshotBoth(page, '05-add-remote-unreachable');
});

test('a wrong trust password shows AUTH_FAILED at its step and keeps what was typed', async ({ page }) => {
  await page.goto(await host.link());
  const dialog = await openAddRemoteAtCredentials(page);
  await expect(dialog.getByTestId('fingerprint')).toContainText(serverFingerprint().slice(0, 4));
  await screenshotBoth(page, '02-add-remote-fingerprint');
  await dialog.getByLabel('The fingerprint matches the one the server shows').check();
  await dialog.getByRole('button', { name: 'Continue' }).click();

  await dialog.getByLabel('Endpoint name').fill('loopback');
  await dialog.getByLabel('Trust password').fill('not-the-password');
  await dialog.getByRole('button', { name: 'Add endpoint' }).click();

  const alert = dialog.locator('[data-error-code="AUTH_FAILED"]');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/trust password/i);
  const password = dialog.getByLabel('Trust password');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByLabel('Endpoint name')).toHaveValue('loopback');
  await expect(password).toHaveValue('not-the-password');
  await screenshotBoth(page, '03-add-remote-auth-failed');
  // the server's answer was about what was sent: changing anything makes it stale, so it goes
  await dialog.getByLabel('Endpoint name').fill('loopback-2');
  await expect(alert).toHaveCount(0);
  await expect(password).not.toHaveAttribute('aria-invalid', 'true');
});

test('adds the same daemon as a remote over HTTPS after confirming its fingerprint', async ({ page }) => {
  await page.goto(await host.link());
  const dialog = await openAddRemoteAtCredentials(page);
  const shown = (await dialog.getByTestId('fingerprint').innerText()).replace(/\s+/g, '');
  expect(shown).toBe(serverFingerprint());
  // continuing needs the explicit confirmation
  await expect(dialog.getByRole('button', { name: 'Continue' })).toBeDisabled();
  await dialog.getByLabel('The fingerprint matches the one the server shows').check();
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.getByLabel('Endpoint name').fill('loopback');
  await dialog.getByLabel('Trust password').fill(TRUST_PASSWORD);
  await dialog.getByRole('button', { name: 'Add endpoint' }).click();

  await expect(page.getByRole('dialog')).toHaveCount(0);
  const remote = card(page, 'loopback');
  await expect(remote).toBeVisible();
  await expect(remote.getByTestId('reachability')).toHaveText(/Online/);
  await expect(remote.getByText('https://127.0.0.1:8443')).toBeVisible();
});

test('a container started with lxc appears without a reload, stops and is deleted from the UI', async ({ page }) => {
  await page.goto(await host.link());
  const local = card(page, 'local');
  await expect(local.getByTestId('reachability')).toHaveText(/Online/);
  await expect(local.getByTestId('stream-state')).toHaveAttribute('data-state', 'connected');
  await expect(local.getByTestId('instances-local')).toBeVisible();

  lxc('launch', 'bcm-test-busybox', container);

  const row = local.getByTestId(`instance-${container}`);
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row.getByTestId('instance-status')).toHaveText('Running', { timeout: 30_000 });
  await screenshotBoth(page, '04-endpoints', { fullPage: true });

  await row.getByRole('button', { name: `Stop ${container}` }).click();
  await expect(row.getByTestId('instance-status')).toHaveText('Stopped', { timeout: 45_000 });
  await expect.poll(() => instanceStatus(container), { timeout: 30_000 }).toBe('Stopped');

  await row.getByRole('button', { name: `Delete ${container}` }).click();
  const dialog = page.getByRole('dialog');
  const confirm = dialog.getByRole('button', { name: 'Delete instance' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/to confirm/).fill(container);
  await confirm.click();
  await expect(row).toHaveCount(0, { timeout: 30_000 });
  await expect.poll(() => instanceStatus(container), { timeout: 30_000 }).toBeUndefined();
});

test('removing an endpoint only forgets it in BCM', async ({ page }) => {
  await page.goto(await host.link());
  await page.getByRole('button', { name: 'More actions for loopback' }).click();
  await page.getByRole('menuitem', { name: /Remove endpoint/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Nothing on the server changes');
  await dialog.getByRole('button', { name: 'Remove endpoint' }).click();
  await expect(card(page, 'loopback')).toHaveCount(0);
  await expect(card(page, 'local')).toBeVisible();
});

test('without the token the page says how to open the app', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${new URL(host.url).origin}/`);
  await expect(page.getByRole('heading', { name: 'Open BCM from its link' })).toBeVisible();
  await expect(page.getByText('npm run host')).toBeVisible();
  await context.close();
});

test('a link works once: a second tab is told so, the first keeps working after a reload', async ({ browser }) => {
  const link = await host.link();
  const first = await browser.newContext();
  const a = await first.newPage();
  await a.goto(link);
  await expect(a.getByRole('heading', { name: 'Endpoints' })).toBeVisible();
  expect(a.url()).not.toContain('token='); // the token leaves the address bar
  const second = await browser.newContext();
  const b = await second.newPage();
  await b.goto(link);
  await expect(b.getByTestId('connection-banner')).toContainText('This link was already used: each link opens BCM once. Press Enter in the terminal where BCM runs for a new one.');
  await expect(b.getByTestId('connection-banner').getByRole('button', { name: 'Reload' })).toHaveCount(0);
  await screenshotBoth(b, '07-link-used');
  await a.reload();
  await expect(a.getByRole('heading', { name: 'Endpoints' })).toBeVisible();
  await expect(a.getByTestId('connection-banner')).toHaveCount(0);
  await first.close();
  await second.close();
});

test('when the host goes away a banner says so, and the tab reconnects when it is back', async ({ page }) => {
  const own = await startHost();
  let again: RunningHost | undefined;
  try {
    await page.goto(await own.link());
    await expect(page.getByRole('heading', { name: 'Endpoints' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add remote server' }).first()).toBeVisible();
    own.process.kill('SIGTERM');
    const banner = page.getByTestId('connection-banner');
    await expect(banner).toContainText('Lost connection to the BCM host');
    await expect(banner.getByRole('button', { name: 'Reload' })).toBeVisible();
    await screenshotBoth(page, '06-connection-lost');
    // the host comes back (same ~/.bcm: same port, and it remembers this tab): the tab reconnects
    // by itself, without a new link and without pressing Reload (issue 15)
    const port = new URL(page.url()).port;
    again = await startHost({ home: own.home });
    expect(new URL(again.url).port).toBe(port);
    await expect(banner).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByRole('heading', { name: 'Endpoints' })).toBeVisible();
    await expect(page.getByText('Open BCM from its link')).toHaveCount(0);
  } finally {
    await again?.stop();
    await own.stop();
  }
});
