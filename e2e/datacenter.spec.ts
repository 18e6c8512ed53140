import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { leftovers, lxdListing, type LxdListing } from '../test/support/lxd-listing';
import { expect, test, type Page } from '@playwright/test';
import { namesFor } from '../src/main/datacenter/naming';
import { screenshotBoth } from './support/app';
import { hasImage } from './support/lxc';
import { startHost, type RunningHost } from './support/host';
import { removeTestDatacenter } from '../test/support/remove-datacenter';
import {
  OVERRIDES_PATH,
  chooseBackend,
  importOverrides,
  nameField,
  testOverrides,
  wizardOnLocal,
} from './support/wizard';

// The "done when", for real: in Chromium through the browser host, click through the
// wizard, deploy a regtest datacenter (gateway + btcd + lnd, from the locally built Debian image
// and the pre-seeded btcd/lnd built from source) to this machine's LXD, see every component
// healthy, re-apply with an empty plan, take it down, and find LXD as it was before.
test.describe.configure({ mode: 'serial' });

const IMAGE = process.env['BCM_IMAGE_ALIAS'] ?? 'bcm-debian-bookworm';
const NAME = `e2e-${randomBytes(3).toString('hex')}`;
const names = namesFor(NAME);



let host: RunningHost;
let page: Page;
let before: LxdListing;
/** set once the datacenter is up: the later tests build on it */
let deployed = false;

test.beforeAll(async ({ browser }) => {
  test.skip(
    !existsSync(OVERRIDES_PATH),
    `needs the pre-seeded btcd and lnd (${OVERRIDES_PATH}): run scripts/build-test-artifacts.sh`,
  );
  test.skip(!hasImage(IMAGE), `needs the local Debian image "${IMAGE}": run scripts/build-debian-image.sh`);
  before = lxdListing();
  host = await startHost();
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page?.close();
  await host?.stop();
  removeTestDatacenter(names);
});

test.use({ trace: 'off' });

test('deploys a regtest datacenter from the wizard and sees every component healthy', async () => {
  test.setTimeout(15 * 60_000);
  await wizardOnLocal(page, await host.link());

  await nameField(page).fill(NAME);
  await page.getByTestId('chain-regtest').click();
  await chooseBackend(page, 'btcd');
  await expect(page.getByTestId('lightning-lnd')).toHaveAttribute('data-checked', 'true');
  await page.getByRole('button', { name: /Advanced: base image/ }).click();
  await page.getByRole('radio', { name: 'Already on the endpoint' }).check();
  await page.getByRole('textbox', { name: 'Image alias' }).fill(IMAGE);
  await importOverrides(page, testOverrides());
  await page.getByRole('button', { name: 'Next: review the plan' }).click();

  const plan = page.getByTestId('plan-view');
  const planError = page.getByRole('alert').filter({ hasText: 'Could not plan the deployment' });
  await expect(plan.or(planError)).toBeVisible({ timeout: 60_000 });
  if (await planError.isVisible()) throw new Error(`planning failed: ${await planError.innerText()}`);
  await expect(page.getByTestId('plan-blockers')).toHaveCount(0);
  for (const group of ['datacenter', 'gateway', 'btcd', 'lnd'])
    await expect(page.getByTestId(`plan-group-${group}`)).toBeVisible();
  // pre-flight (issue 12): the image on the endpoint, btcd and lnd found by hash, memory
  await expect(page.getByTestId('review-state')).toContainText('Nothing has been created yet');
  await expect(page.getByTestId('preflight-summary')).toHaveText('Pre-flight: all 4 checks passed');
  await page.getByTestId('preflight-summary').click();
  await expect(page.locator('[data-testid="preflight-check"][data-check-id="artifact:lnd"]')).toContainText('verified by SHA-256 when installed');
  await screenshotBoth(page, 'dc-real-01-review');

  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  const panel = page.getByTestId('run-panel');
  await expect(panel).toHaveAttribute('data-outcome', /running|succeeded|failed/, { timeout: 30_000 });
  await expect(panel).not.toHaveAttribute('data-outcome', 'running', { timeout: 12 * 60_000 });
  if ((await panel.getAttribute('data-outcome')) !== 'succeeded') {
    throw new Error(
      `the deployment did not succeed: ${await page
        .getByTestId('run-error')
        .innerText()
        .catch(() => '(no message)')}`,
    );
  }
  await screenshotBoth(page, 'dc-real-02-deployed');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: `Open ${NAME}` }).click();

  // every component healthy (status is read every few seconds; give services time to settle)
  // (the gateway's Tor has no network to reach here: degraded, with Tor's progress in words)
  for (const [kind, health] of [['gateway', 'degraded'], ['btcd', 'healthy'], ['lnd', 'healthy']] as const) {
    await expect(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect(page.getByTestId(`component-${kind}`)).toHaveAttribute('data-health', health, { timeout: 5_000 });
    }).toPass({ timeout: 3 * 60_000, intervals: [2_000, 5_000] });
  }
  await expect(page.getByTestId('component-gateway')).toContainText('Tor is not connected to the Tor network yet');
  await expect(page.getByTestId('component-status').getByText(/^10\./).first()).toBeVisible();
  await screenshotBoth(page, 'dc-real-03-healthy');

  expect(lxdListing().projects).toContain(names.project);
  deployed = true;
});

test('a second apply plans nothing', async () => {
  test.skip(!deployed, 'nothing was deployed (see the test before)');
  await page.getByRole('button', { name: 'Re-apply' }).click();
  await expect(page.getByTestId('plan-empty')).toHaveText(/Everything is as specified — nothing to do/, {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Close' }).click();
});

test('edits the deployed datacenter: the review shows the diff, and the apply converges', async () => {
  test.skip(!deployed, 'nothing was deployed (see the test before)');
  test.setTimeout(5 * 60_000);
  await page.getByRole('link', { name: 'Edit settings' }).click();
  await expect(page.getByRole('heading', { name: `Edit ${NAME}` })).toBeVisible();
  // the What step starts from the saved settings
  await expect(page.getByRole('checkbox', { name: 'LND' })).toBeChecked();
  await page.getByRole('checkbox', { name: 'LND' }).click();
  await page.getByRole('switch', { name: 'Remote access over Tor' }).click();
  await page.getByRole('button', { name: 'Next: review the changes' }).click();

  await expect(page.getByTestId('plan-diff')).toContainText('− LND', { timeout: 60_000 });
  await expect(page.getByTestId('plan-diff')).toContainText('~ Gateway');
  await expect(page.getByTestId('plan-summary')).toHaveText('Changes Gateway · removes LND');
  const removal = page.getByTestId('removal-lnd');
  await expect(removal).toContainText('container lnd will be deleted');
  await removal.getByRole('checkbox', { name: 'Also delete its data (lnd-data)' }).check();
  await expect(removal).toContainText('its wallet and channel state: funds can be lost');
  await expect(page.locator('[data-testid="plan-action"][data-action-id="delete-volume:lnd-data"]')).toBeVisible({ timeout: 30_000 });
  // nothing was touched by reviewing
  expect(execFileSync('lxc', ['list', '--project', names.project, '-c', 'n', '-f', 'csv'], { encoding: 'utf8' })).toContain('lnd');
  await screenshotBoth(page, 'dc-real-04-edit-review');

  await page.getByRole('button', { name: 'Apply and delete data' }).click();
  await expect(page.getByRole('heading', { name: NAME, exact: true })).toBeVisible();
  const panel = page.getByTestId('run-panel');
  await expect(panel).toHaveAttribute('data-outcome', 'succeeded', { timeout: 4 * 60_000 });
  expect(execFileSync('lxc', ['list', '--project', names.project, '-c', 'n', '-f', 'csv'], { encoding: 'utf8' }).split('\n').filter(Boolean).sort()).toEqual(['btcd', 'gateway']);
  expect(execFileSync('lxc', ['storage', 'volume', 'list', 'default', '--project', names.project, '-c', 'n', '-f', 'csv'], { encoding: 'utf8' })).not.toContain('lnd-data');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByTestId('component-lnd')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Remote access' })).toBeVisible();
  await screenshotBoth(page, 'dc-real-05-edited');
});

test('take down leaves LXD as it was', async () => {
  test.skip(!deployed, 'nothing was deployed (see the test before)');
  test.setTimeout(5 * 60_000);
  await page.getByRole('button', { name: 'Take down' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(`Type ${NAME} to confirm`).fill(NAME);
  await dialog.getByRole('button', { name: 'Take down' }).click();
  const panel = page.getByTestId('run-panel');
  await expect(page.getByTestId('run-outcome')).toHaveText(/Take-down/, { timeout: 30_000 });
  await expect(panel).toHaveAttribute('data-outcome', 'succeeded', { timeout: 4 * 60_000 });
  await expect(page.getByTestId('not-deployed')).toBeVisible({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Forget' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Forget' }).click();
  await expect(page.getByRole('heading', { name: 'Datacenters' })).toBeVisible();

  expect(leftovers(before, lxdListing(), { project: names.project, networks: [names.internalNetwork, names.natNetwork], acls: [names.internalAcl] })).toEqual({ left: [], lost: [] });
});
