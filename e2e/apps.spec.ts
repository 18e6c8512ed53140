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
