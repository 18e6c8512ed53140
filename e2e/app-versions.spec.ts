import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { BcmApi } from '../src/shared/client';
import type { WsBridge } from '../src/shared/ws-bridge';
import { namesFor } from '../src/main/datacenter/naming';
import { removeTestDatacenter } from '../test/support/remove-datacenter';
import { screenshotBoth, truncatedLabels, waitForRun } from './support/app';
import { connectApi, deployThroughApi, regtestLndSpec } from './support/deploy';
import { startHost, type RunningHost } from './support/host';
import { hasImage } from './support/lxc';
import { OVERRIDES_PATH, testOverrides } from './support/wizard';

// Issue 14, apps in the Versions card, for real in Chromium over the browser host: a regtest
// datacenter (gateway + btcd) with a third-party app from ~/.bcm/apps (the test manifest
// test/fixtures/apps/static-swagger.yaml: Swagger UI's npm tarball in two pinned versions),
// deployed at its older pin through the app's API. The card lists the app beside btcd, marked
// third-party; "Upgrade to 5.35.0" pins the newer version, shows the re-apply plan (the app alone,
// snapshot first), applies it, and the card then shows 5.35.0 installed.
test.describe.configure({ mode: 'serial' });
test.use({ trace: 'off' });

const IMAGE = process.env['BCM_IMAGE_ALIAS'] ?? 'bcm-debian-bookworm';
const NAME = `avx-e2e-${process.pid % 10000}`;
const ARTIFACT = 'swagger-ui-dist';

let host: RunningHost;
let bridge: WsBridge;
let api: BcmApi;
let page: Page;

test.beforeAll(async ({ browser }) => {
  test.skip(!existsSync(OVERRIDES_PATH), `needs the pre-seeded btcd (${OVERRIDES_PATH}): run scripts/build-test-artifacts.sh`);
  test.skip(!hasImage(IMAGE), `needs the local Debian image "${IMAGE}": run scripts/build-debian-image.sh`);
  test.setTimeout(10 * 60_000);
  const home = mkdtempSync(join(tmpdir(), 'bcm-e2e-avx-'));
  mkdirSync(join(home, 'apps'));
  copyFileSync(new URL('../test/fixtures/apps/static-swagger.yaml', import.meta.url), join(home, 'apps', 'static-swagger.yaml'));
  host = await startHost({ home });
  ({ bridge, api } = connectApi(await host.link()));
  await bridge.ready;
  await api.invoke('endpoints.addLocal', { name: 'local' });
  const apps = await api.invoke('datacenters.apps', {});
  const manifest = apps.apps.find((a) => a.id === 'static-swagger');
  if (!manifest) throw new Error(`the test manifest did not load: ${JSON.stringify(apps.invalid)}`);
  await deployThroughApi(
    api,
    regtestLndSpec(NAME, IMAGE, testOverrides(), {
      lightning: { lnd: false, clightning: false },
      apps: [{ id: manifest.id, containers: manifest.containers.map((c) => ({ name: c.name, size: c.size })) }],
      versions: { [ARTIFACT]: '5.32.0' },
    }),
  );
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

test.afterAll(async () => {
  await page?.close();
  bridge?.close();
  await host?.stop();
  removeTestDatacenter(namesFor(NAME));
});

test("the Versions card lists a deployed third-party app's artifact; Upgrade pins its newer version, shows the plan and applies it", async () => {
  test.setTimeout(10 * 60_000);
  await page.goto(await host.link());
  await page.getByRole('link', { name: /Datacenters/ }).click();
  await page.getByTestId(`datacenter-${NAME}`).click();

  const card = page.getByRole('region', { name: 'Versions' });
  const row = card.getByTestId(`versions-${ARTIFACT}`);
  await expect(card.getByTestId(`installed-${ARTIFACT}`)).toHaveText('5.32.0', { timeout: 60_000 });
  await expect(card.getByTestId(`wanted-${ARTIFACT}`)).toHaveText('5.32.0');
  await expect(card.getByTestId('installed-btcd')).toHaveText('0.24.2-localbuild');
  await expect(row.getByText('Static Swagger UI')).toBeVisible();
  await expect(row.getByTestId('app-badge-static-swagger')).toHaveText('third-party app');
  for (const v of ['5.35.0', '5.32.0']) await expect(card.getByTestId(`available-${ARTIFACT}`).getByText(v, { exact: false })).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  expect(await truncatedLabels(page)).toEqual([]);
  await screenshotBoth(page, 'app-versions-01-card');

  await row.getByRole('button', { name: 'Upgrade to 5.35.0' }).click();
  const choose = page.getByRole('dialog', { name: 'Version of Static Swagger UI' });
  await expect(choose.getByTestId('version-option-5.35.0')).toBeChecked();
  await expect(choose.getByTestId('third-party-notice')).toContainText('BCM test fixtures');
  await screenshotBoth(page, 'app-versions-02-choose');
  await choose.getByRole('button', { name: 'Pin 5.35.0 (release) and show the plan' }).click();

  const planDialog = page.getByRole('dialog', { name: `Re-apply ${NAME}` });
  await expect(planDialog.getByTestId('plan-view')).toBeVisible({ timeout: 60_000 });
  await expect(planDialog.getByText(`Install ${ARTIFACT} into static-swagger`)).toBeVisible();
  await expect(planDialog.getByText(/Snapshot/).first()).toBeVisible();
  await expect(planDialog.getByTestId('plan-group-btcd')).toHaveCount(0);
  await expect(planDialog.getByTestId('plan-group-gateway')).toHaveCount(0);
  await screenshotBoth(page, 'app-versions-03-plan');

  await expect(card.getByTestId(`wanted-${ARTIFACT}`)).toHaveText('5.35.0');
  await planDialog.getByRole('button', { name: 'Apply' }).click();
  await waitForRun(page);
  await expect(card.getByTestId(`installed-${ARTIFACT}`)).toHaveText('5.35.0', { timeout: 60_000 });
  await expect(card.getByTestId(`pending-${ARTIFACT}`)).toHaveCount(0);
  await expect(row.getByRole('button', { name: /Upgrade to/ })).toHaveCount(0);
  await card.scrollIntoViewIfNeeded();
  await screenshotBoth(page, 'app-versions-04-switched');
});
