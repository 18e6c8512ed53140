import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { namesFor } from '../src/main/datacenter/naming';
import type { ArtifactOverride } from '../src/shared/datacenter/spec';
import { removeTestDatacenter } from '../test/support/remove-datacenter';
import { screenshotBoth, truncatedLabels, waitForRun } from './support/app';
import { startHost, type RunningHost } from './support/host';
import { hasImage } from './support/lxc';
import { OVERRIDES_PATH, wizardToPlan } from './support/wizard';

// Issue 12 (upgrades), for real in Chromium over the browser host: a regtest datacenter deployed
// with the OLD local build of lnd (0.18.4-beta) shows it in the Versions card beside what is
// available; "Upgrade to 0.18.5-beta-localbuild" pins it, shows the re-apply plan (lnd only),
// applies it, and the card then shows the new version installed.
test.describe.configure({ mode: 'serial' });

const IMAGE = 'bcm-debian-bookworm';
const NAME = `e2ev-${randomBytes(3).toString('hex')}`;
const names = namesFor(NAME);
const VERSIONS_PATH = join(dirname(OVERRIDES_PATH), 'versions.json');
const OLD = '0.18.4-beta-localbuild';
const NEW = '0.18.5-beta-localbuild';

function build(artifact: string, version: string): ArtifactOverride {
  const all = JSON.parse(readFileSync(VERSIONS_PATH, 'utf8')) as Record<string, ArtifactOverride[]>;
  const found = all[artifact]?.find((b) => b.version === version);
  if (!found) throw new Error(`${VERSIONS_PATH} lists no ${artifact} ${version}: run scripts/build-test-artifacts.sh`);
  return { version: found.version, sha256: found.sha256 };
}

let host: RunningHost;
let page: Page;

test.beforeAll(async ({ browser }) => {
  test.skip(!existsSync(VERSIONS_PATH), `needs the two local builds of lnd (${VERSIONS_PATH}): run scripts/build-test-artifacts.sh`);
  test.skip(!hasImage(IMAGE), `needs the local Debian image "${IMAGE}": run scripts/build-debian-image.sh`);
  host = await startHost();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

test.afterAll(async () => {
  await page?.close();
  await host?.stop();
  removeTestDatacenter(names);
});

test.use({ trace: 'off' });

test('the Versions card shows the old lnd installed and what is available; Upgrade pins the new one, shows the plan and applies it', async () => {
  test.setTimeout(20 * 60_000);
  await page.goto(await host.link());
  await page.getByRole('link', { name: /Endpoints/ }).click();
  await wizardToPlan(page, { name: NAME, image: IMAGE, overrides: { btcd: build('btcd', '0.24.2-localbuild'), lnd: build('lnd', OLD) } });
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await waitForRun(page);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: `Open ${NAME}` }).click();

  // installed vs available
  const card = page.getByRole('region', { name: 'Versions' });
  await expect(card.getByTestId('installed-lnd')).toHaveText(OLD, { timeout: 60_000 });
  await expect(card.getByTestId('wanted-lnd')).toHaveText(OLD);
  await expect(card.getByTestId('installed-btcd')).toHaveText('0.24.2-localbuild');
  const available = card.getByTestId('available-lnd');
  for (const v of ['0.18.5-beta', OLD, NEW, '0.18.5-beta-broken']) await expect(available.getByText(v, { exact: false }).first()).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  expect(await truncatedLabels(page)).toEqual([]);
  await screenshotBoth(page, 'versions-01-card');

  // Upgrade: choose (preselected), pin, see the plan of lnd alone
  await card.getByTestId('versions-lnd').getByRole('button', { name: `Upgrade to ${NEW}` }).click();
  const choose = page.getByRole('dialog', { name: 'Version of LND' });
  await expect(choose.getByTestId(`version-option-${NEW}`)).toBeChecked();
  await screenshotBoth(page, 'versions-02-choose');
  await choose.getByRole('button', { name: `Pin ${NEW} (local build) and show the plan` }).click();
  const planDialog = page.getByRole('dialog', { name: `Re-apply ${NAME}` });
  await expect(planDialog.getByTestId('plan-view')).toBeVisible({ timeout: 60_000 });
  await expect(planDialog.getByText(`Install lnd into lnd`)).toBeVisible();
  await expect(planDialog.getByTestId('plan-group-btcd')).toHaveCount(0);
  await expect(planDialog.getByTestId('plan-group-gateway')).toHaveCount(0);
  await screenshotBoth(page, 'versions-03-plan');

  // the pin is saved: the card says it is wanted but not applied yet
  await expect(card.getByTestId('wanted-lnd')).toHaveText(NEW);
  await planDialog.getByRole('button', { name: 'Apply' }).click();
  await waitForRun(page);
  await expect(card.getByTestId('installed-lnd')).toHaveText(NEW, { timeout: 60_000 });
  await expect(card.getByTestId('pending-lnd')).toHaveCount(0);
  await expect(card.getByTestId('versions-lnd').getByRole('button', { name: /Upgrade to/ })).toHaveCount(0);
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('component-lnd')).toHaveAttribute('data-health', 'healthy', { timeout: 5_000 });
  }).toPass({ timeout: 3 * 60_000, intervals: [2_000, 5_000] });
  await card.scrollIntoViewIfNeeded();
  await screenshotBoth(page, 'versions-04-upgraded');
});
