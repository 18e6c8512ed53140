import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { screenshotBoth } from './support/app';
import { startHost, type RunningHost } from './support/host';
import { namesFor } from '../src/main/datacenter/naming';
import { removeTestDatacenter } from '../test/support/remove-datacenter';
import { chooseBackend, importOverrides, nameField, testOverrides, wizardOnLocal } from './support/wizard';

// Issue 14, app manifests in the wizard, on the real host and LXD (nothing is deployed): BCM's own
// apps and a third-party manifest from ~/.bcm/apps/ (marked so) are offered; a manifest with an
// error is listed with its file, line and column and not offered; choosing an app chooses the apps
// it requires; the review's plan has the apps' containers; deployed, the datacenter page shows the
// apps' containers healthy and their tiles.
test.describe.configure({ mode: 'serial' });
test.use({ trace: 'off' });

let host: RunningHost;
let page: Page;
const NAME = `apm-e2e-${process.pid % 10000}`;
const IMAGE = process.env['BCM_IMAGE_ALIAS'] ?? 'bcm-debian-bookworm';

test.beforeAll(async ({ browser }) => {
  const home = mkdtempSync(join(tmpdir(), 'bcm-e2e-apm-'));
  mkdirSync(join(home, 'apps'));
  const relay = readFileSync(new URL('../apps/nostr-relay.yaml', import.meta.url), 'utf8');
  writeFileSync(join(home, 'apps', 'my-relay.yaml'), relay.replace('id: nostr-relay', 'id: my-relay').replace('title: Nostr relay', 'title: My relay').replace('- name: nostr-relay', '- name: my-relay').replace('publisher: Bitcoin Cache Machine', 'publisher: Someone else'));
  writeFileSync(join(home, 'apps', 'broken.yaml'), 'apiVersion: bcm/v1\nkind: App\nmetadata:\n  id: Broken\n');
  host = await startHost({ home });
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page?.close();
  await host?.stop();
  removeTestDatacenter(namesFor(NAME));
});

test('the wizard offers built-in and third-party apps, lists the broken manifest, plans and deploys the chosen apps', async () => {
  test.setTimeout(10 * 60_000);
  await wizardOnLocal(page, await host.link());
  await nameField(page).fill(NAME);
  await page.getByTestId('chain-regtest').click();
  await chooseBackend(page, 'btcd');
  await page.getByTestId('lightning-lnd').click();
  await expect(page.getByTestId('lightning-lnd')).toHaveAttribute('aria-checked', 'false');
  await page.getByRole('button', { name: /Advanced: base image/ }).click();
  await page.getByRole('radio', { name: 'Already on the endpoint' }).check();
  await page.getByRole('textbox', { name: 'Image alias' }).fill(IMAGE);
  await importOverrides(page, testOverrides());

  const apps = page.getByRole('region', { name: 'Apps' });
  await expect(apps.getByTestId('app-nostr-relay')).toBeVisible();
  await expect(apps.getByTestId('app-relay-api-explorer')).toBeVisible();
  await expect(apps.getByTestId('app-my-relay').getByText('third-party')).toBeVisible();
  await expect(apps.getByTestId('app-nostr-relay').getByText('third-party')).toHaveCount(0);
  const invalid = apps.getByTestId('invalid-apps');
  await expect(invalid).toContainText('broken.yaml:4:7');
  await expect(invalid).toContainText('metadata.id');

  await apps.getByTestId('app-relay-api-explorer').click();
  await expect(apps.getByTestId('app-relay-api-explorer')).toHaveAttribute('data-checked', 'true');
  await expect(apps.getByTestId('app-nostr-relay')).toHaveAttribute('data-checked', 'true');
  await apps.scrollIntoViewIfNeeded();
  await screenshotBoth(page, 'apps-01-wizard');

  await page.getByRole('button', { name: 'Next: review the plan' }).click();
  const plan = page.getByTestId('plan-view');
  await expect(plan).toBeVisible({ timeout: 60_000 });
  await expect(plan.getByText('Create container nostr-relay', { exact: false })).toBeVisible();
  await expect(plan.getByText('Create container relay-explorer', { exact: false })).toBeVisible();
  await expect(plan.getByText(/Wait until Relay API explorer is healthy/)).toBeVisible();

  await expect(page.getByTestId('plan-blockers')).toHaveCount(0);
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  const panel = page.getByTestId('run-panel');
  await expect(panel).toHaveAttribute('data-outcome', /running|succeeded|failed/, { timeout: 30_000 });
  await expect(panel).not.toHaveAttribute('data-outcome', 'running', { timeout: 8 * 60_000 });
  if ((await panel.getAttribute('data-outcome')) !== 'succeeded') throw new Error(`the deployment did not succeed: ${await page.getByTestId('run-error').innerText().catch(() => '(no message)')}`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: `Open ${NAME}` }).click();
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('component-app')).toHaveAttribute('data-health', 'healthy', { timeout: 5_000 });
  }).toPass({ timeout: 2 * 60_000, intervals: [2_000, 5_000] });
  await expect(page.getByTestId('health-nostr-relay')).toBeVisible();
  await expect(page.getByTestId('health-relay-explorer')).toBeVisible();
  await expect(page.getByTestId('tile-nostr-relay')).toContainText(/Relay URL\s*ws:\/\/10\.[0-9.]+:8080\//);
  await expect(page.getByTestId('tile-relay-api-explorer')).toContainText(/Explorer page\s*http:\/\/10\.[0-9.]+:8080\/bcm\//);
  await page.getByTestId('app-tiles').scrollIntoViewIfNeeded();
  await screenshotBoth(page, 'apps-02-deployed');
});

test('publishes the relay’s declared onion port: the switch, the plan step, then the address and a client key shown once, revoked', async () => {
  test.setTimeout(6 * 60_000);
  await page.getByRole('link', { name: 'Edit settings' }).click();
  await expect(page.getByRole('heading', { name: `Edit ${NAME}` })).toBeVisible();
  const onionSwitch = page.getByRole('switch', { name: "Publish Nostr relay's port 8080 over Tor" });
  await onionSwitch.scrollIntoViewIfNeeded();
  await expect(onionSwitch).not.toBeChecked();
  // only the ports the manifests declare are offered: the relay's websocket and the explorer's page
  await expect(page.getByTestId('app-onion-switches').getByRole('switch')).toHaveCount(2);
  await onionSwitch.click();
  await expect(onionSwitch).toBeChecked();
  await screenshotBoth(page, 'apps-03-onion-switch');
  await page.getByRole('button', { name: 'Next: review the changes' }).click();
  const step = page.locator('[data-testid="plan-action"][data-action-id="publish-app-onion:nostr-relay-8080"]');
  await expect(step).toBeVisible({ timeout: 60_000 });
  await expect(step).toContainText("Publish Nostr relay's port 8080 (nostr-relay) as an onion service");
  await screenshotBoth(page, 'apps-04-onion-plan');
  await page.getByRole('button', { name: 'Apply changes' }).click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-outcome', 'succeeded', { timeout: 4 * 60_000 });

  const card = page.getByTestId('app-onions-card');
  const block = card.getByTestId('app-onion-nostr-relay-8080');
  const address = (await block.getByTestId('app-onion-address').textContent({ timeout: 60_000 }))?.trim() ?? '';
  expect(address).toMatch(/^[a-z2-7]{56}\.onion:8080$/);
  await expect(block).toContainText('No client key yet');
  await block.getByRole('button', { name: 'Make a client key' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Client name').fill('phone');
  await dialog.getByRole('button', { name: 'Make the key' }).click();
  const shown = dialog.getByTestId('app-onion-key');
  await expect(shown).toBeVisible({ timeout: 90_000 });
  await expect(shown.getByTestId('app-onion-key-qr')).toBeVisible();
  const line = (await shown.getByTestId('app-onion-key-text').textContent())?.trim() ?? '';
  expect(line).toMatch(new RegExp(`^${address.replace(/\.onion:8080$/, '')}:descriptor:x25519:[A-Z2-7]{52}$`));
  // the gateway's Tor serves it to that key: its public half is in the service's authorised clients
  const auth = execFileSync('lxc', ['exec', '--project', namesFor(NAME).project, 'gateway', '--', 'cat', '/var/lib/tor/bcm-app-nostr-relay-8080/authorized_clients/phone.auth'], { encoding: 'utf8' });
  expect(auth).toMatch(/^descriptor:x25519:[A-Z2-7]{52}\n$/);
  await screenshotBoth(page, 'apps-05-onion-key');
  await dialog.getByRole('button', { name: 'Done' }).click();

  const clients = block.getByRole('table', { name: 'Clients of Nostr relay port 8080' });
  await expect(clients).toContainText('phone');
  await block.scrollIntoViewIfNeeded();
  await screenshotBoth(page, 'apps-06-onion-card');
  await clients.getByRole('button', { name: 'Revoke' }).click();
  await clients.getByRole('button', { name: 'Revoke phone' }).click();
  await expect(clients).toHaveCount(0, { timeout: 60_000 });
  await expect(block).toContainText('No client key yet');
});
