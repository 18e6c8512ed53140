import { expect, test, type Page } from '@playwright/test';
import { defaultSpec } from '../src/shared/datacenter/spec';
import { screenshotBoth, truncatedLabels } from './support/app';
import { startHost, type RunningHost } from './support/host';
import { ScriptedDatacenters } from './support/scripted-datacenters';
import {
  addLocalEndpoint,
  chooseBackend,
  importOverrides,
  nameField,
  openWizard,
  testOverrides,
} from './support/wizard';

// The datacenter screens against a SCRIPTED engine: the `datacenters.*` channels are answered inside
// the page's WebSocket by e2e/support/scripted-datacenters.ts (nothing is deployed), so that every
// state (a step held mid-way, a failure, blockers, cancel) can be shown on demand. Endpoints are
// real. The real deployment to LXD is in datacenter.spec.ts.
test.describe.configure({ mode: 'serial' });
// one page for the whole story (shared across tests): Playwright's per-test trace chunks of a
// shared page fail to be written, so this file records no trace
test.use({ trace: 'off' });

const engine = new ScriptedDatacenters();
let host: RunningHost;
let page: Page;
const NAME = 'e2e-ui';

test.beforeAll(async ({ browser }) => {
  host = await startHost();
  page = await browser.newPage();
  await engine.attach(page);
  // a datacenter that already exists: the wizard must refuse its name
  engine.specs.set('regtest', defaultSpec('regtest', 'local'));
});

test.afterAll(async () => {
  await page?.close();
  await host?.stop();
});

test('the wizard starts from an endpoint; adding one keeps the draft', async () => {
  engine.specs.delete('regtest');
  await page.goto(await host.link());
  await page.getByRole('link', { name: /Datacenters/ }).click();
  await expect(page.getByText('No datacenter yet')).toBeVisible();
  await screenshotBoth(page, 'dc-01-list-empty');

  await page.getByRole('link', { name: 'New datacenter' }).click();
  await expect(page.getByText('No endpoint yet')).toBeVisible();
  await screenshotBoth(page, 'dc-02-where-no-endpoint');
  await page.getByRole('link', { name: 'Add an endpoint' }).click();
  await addLocalEndpoint(page);
  engine.put(defaultSpec('regtest', 'local'));

  await openWizard(page);
  await expect(page.getByTestId('where-local')).toBeVisible();
  await expect(page.getByTestId('where-local')).toHaveAttribute('data-checked', 'true');
  await expect(page.getByTestId('where-local').getByText(/Free: .* disk/)).toBeVisible();
  await screenshotBoth(page, 'dc-03-where');
  await page.getByRole('button', { name: 'Next: what to run' }).click();
  await expect(nameField(page)).toBeVisible();
});

test('What: inline validation, a live estimate, local artifacts, and a name clash on save', async () => {
  // the name follows the chain and skips the taken "regtest"
  await expect(nameField(page)).toHaveValue('regtest-2');
  await expect(page.getByTestId('estimate-disk')).toContainText('GiB');
  await screenshotBoth(page, 'dc-04-what');

  // mainnet grows the disk estimate past a laptop's free space: the panel warns
  const regtestDisk = await page.getByTestId('estimate-disk').innerText();
  await page.getByTestId('chain-mainnet').click();
  await expect(nameField(page)).toHaveValue('mainnet');
  await expect(page.getByTestId('estimate-disk')).not.toHaveText(regtestDisk);

  // an impossible prune size is flagged on the field by datacenters.validate
  await page.getByRole('switch', { name: 'Prune old blocks' }).click({ force: true });
  const keep = page.getByRole('textbox', { name: 'Keep at most' });
  await keep.fill('100');
  await expect(page.getByText('Bitcoin Core prunes to at least 550 MiB.')).toBeVisible();
  await screenshotBoth(page, 'dc-05-what-errors', { fullPage: true });
  await page.getByRole('switch', { name: 'Prune old blocks' }).click({ force: true });
  await expect(page.getByText('Bitcoin Core prunes to at least 550 MiB.')).toHaveCount(0);

  await page.getByTestId('chain-regtest').click();
  await chooseBackend(page, 'btcd');
  await expect(page.getByTestId('lightning-clightning')).toBeDisabled();

  // advanced: sizes with catalog defaults, and local artifacts
  await page.getByRole('button', { name: /Advanced: container sizes/ }).click();
  const lndMemory = page.getByRole('textbox', { name: 'Memory of lnd' });
  await expect(lndMemory).toHaveValue('1 GiB');
  // sizes are read with their units and never guessed (issue 15: "999 TiB" became 999 MiB, "lots" was blanked)
  await lndMemory.fill('999 TiB');
  await expect(page.getByTestId('size-lnd').getByText('Memory can be at most 256 GiB.')).toBeVisible();
  await lndMemory.fill('lots');
  await expect(page.getByTestId('size-lnd').getByText('"lots" is not a size: write a number and a unit, e.g. 2 GiB or 512 MiB.')).toBeVisible();
  await expect(lndMemory).toHaveValue('lots');
  await page.getByTestId('size-lnd').scrollIntoViewIfNeeded();
  await screenshotBoth(page, 'dc-05b-what-size-error');
  await lndMemory.fill('1.5 GiB');
  await lndMemory.blur();
  await expect(lndMemory).toHaveValue('1.5 GiB');
  await expect(page.getByTestId('size-lnd').getByText('default 1 GiB')).toBeVisible();
  // the Import button stays where it is while a pasted file fills the field (it used to move under
  // the pointer: the field grew with its text, and the panel's content moved while it opened)
  await page.getByRole('button', { name: /Advanced: local artifacts/ }).click();
  const importButton = page.getByRole('button', { name: 'Import', exact: true });
  const field = page.getByRole('textbox', { name: 'overrides.json' });
  await importButton.scrollIntoViewIfNeeded(); // waits until it is visible and stable
  // measured from the field's top, so a scroll of the page does not count as a move
  const offset = async (): Promise<number> => ((await importButton.boundingBox())?.y ?? NaN) - ((await field.boundingBox())?.y ?? NaN);
  const before = await offset();
  await field.fill(JSON.stringify(testOverrides(), null, 2));
  expect(await offset()).toBe(before);
  await importOverrides(page, testOverrides());
  await expect(page.getByTestId('artifact-overrides').getByText('btcd', { exact: true })).toBeVisible();
  // invalid JSON says so in words, not only with a red border (issue 15)
  await field.fill('{"btcd": ');
  await field.blur();
  await expect(page.getByText('This is not valid JSON: check the quotes, commas and brackets, or choose the file instead.')).toBeVisible();
  await field.fill('');
  await screenshotBoth(page, 'dc-06-what-advanced', { fullPage: true });

  // an invalid name, with the page scrolled down to the advanced sections: the submit brings the
  // name field into view and puts the cursor in it (issue 15: it used to do nothing visible)
  await nameField(page).fill('Not Valid!');
  await page.getByRole('button', { name: 'Next: review the plan' }).click();
  await expect(nameField(page)).toBeFocused();
  await expect(nameField(page)).toBeInViewport();
  await expect(nameField(page)).toHaveAttribute('aria-invalid', 'true');

  // a taken name: CONFLICT on the name field, everything typed is kept
  await nameField(page).fill('regtest');
  await page.getByRole('button', { name: 'Next: review the plan' }).click();
  await expect(
    page.getByText('A datacenter named "regtest" already exists. Choose another name or open that one.'),
  ).toBeVisible();
  await expect(nameField(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(lndMemory).toHaveValue('1.5 GiB');
  await nameField(page).fill(NAME);
  await expect(nameField(page)).not.toHaveAttribute('aria-invalid', 'true');
});

test('Review: the plan grouped by component; blockers disable Deploy', async () => {
  engine.options.blockers = [
    'Too little disk: the regtest datacenter needs about 31 GiB and the storage pool has 12 GiB free. Free some space, choose pruning, or a smaller chain.',
  ];
  await page.getByRole('button', { name: 'Next: review the plan' }).click();
  await expect(page.getByTestId('plan-view')).toBeVisible();
  expect(engine.specs.get(NAME)?.sizes['lnd']?.memoryMiB).toBe(1536);
  expect(engine.specs.get(NAME)?.artifacts['btcd']?.version).toBe(testOverrides()['btcd']?.version);
  for (const group of ['datacenter', 'gateway', 'btcd', 'lnd'])
    await expect(page.getByTestId(`plan-group-${group}`)).toBeVisible();
  await expect(page.getByTestId('plan-blockers')).toContainText('Too little disk');
  await expect(page.getByRole('button', { name: 'Deploy', exact: true })).toBeDisabled();
  await screenshotBoth(page, 'dc-07-review-blocked');

  engine.options.blockers = [];
  await page.getByRole('button', { name: 'Refresh plan' }).click();
  await expect(page.getByTestId('plan-blockers')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Deploy', exact: true })).toBeEnabled();
  await screenshotBoth(page, 'dc-08-review', { fullPage: true });
});

test('Deploy: live steps and log, picked up again after a reload, failure and retry', async () => {
  engine.options.holdAt = 'install-artifact:lnd/lnd';
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  const held = page.locator('[data-testid="run-step"][data-action-id="install-artifact:lnd/lnd"]');
  await expect(held).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('run-log')).toContainText('fetching chunk 12 of 27');
  await expect(held.getByRole('progressbar')).toBeVisible();
  await screenshotBoth(page, 'dc-09-deploy-running');

  // a reload mid-deploy comes back to the Deploy step with the whole run so far, no line twice
  await page.reload();
  await expect(held).toHaveAttribute('data-state', 'running');
  await expect(page.locator('[data-testid="run-step"][data-action-id="create-project:bcm-e2e-ui"]')).toHaveAttribute(
    'data-state',
    'done',
  );
  await expect(page.getByTestId('run-log')).toContainText('fetching chunk 12 of 27');
  expect((await page.getByTestId('run-log').innerText()).match(/fetching chunk 1 of 27/g)).toHaveLength(1);

  engine.options.failAt = 'wait-healthy:lnd';
  engine.release();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-outcome', 'failed');
  await expect(page.getByTestId('run-error')).toContainText('did not become healthy');
  await screenshotBoth(page, 'dc-10-deploy-failed');

  // a failure LXD words its own way reads as a sentence and a next step, its text under Details
  engine.options.failAt = 'wait-healthy:lnd';
  engine.options.failMessage = 'Failed to create file "/var/lib/lxd/storage-pools/default/custom/bcm-e2e-ui_lnd-data/x": write: no space left on device';
  await page.getByRole('button', { name: 'Retry' }).click();
  const runError = page.getByTestId('run-error');
  await expect(runError).toContainText('The LXD server’s disk is full.');
  await expect(page.locator('[data-testid="run-step"][data-action-id="wait-healthy:lnd"]')).toContainText('The LXD server’s disk is full.');
  await runError.getByRole('button', { name: 'Details' }).click();
  await expect(runError.getByRole('button', { name: 'Hide details' })).toBeVisible();
  await expect(runError.getByText(/no space left on device/)).toBeVisible();
  await screenshotBoth(page, 'dc-10b-deploy-disk-full');

  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-outcome', 'succeeded');
  await expect(page.getByTestId('run-outcome')).toHaveText('e2e-ui is deployed');
  await screenshotBoth(page, 'dc-11-deploy-done');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('wizard-done')).toBeVisible();
  await screenshotBoth(page, 'dc-12-done');
});

test('the datacenter page: status per component, an empty re-apply, take down, forget', async () => {
  await page.getByRole('link', { name: 'All datacenters' }).click();
  const card = page.getByTestId(`datacenter-${NAME}`);
  await expect(card.getByTestId('health-summary')).toHaveAttribute('data-overall', 'healthy');
  await expect(card.getByTestId('health-summary')).toHaveText('All 3 healthy');
  await expect(page.getByTestId('datacenter-regtest').getByTestId('health-summary')).toHaveText('Not deployed');
  await screenshotBoth(page, 'dc-13-list');
  await card.click();
  await expect(page.getByRole('heading', { name: NAME })).toBeVisible();
  for (const kind of ['gateway', 'btcd', 'lnd'])
    await expect(page.getByTestId(`component-${kind}`)).toHaveAttribute('data-health', 'healthy');
  await screenshotBoth(page, 'dc-13-page');
  // at 1440 px no badge or button is cut to "RUN…" or "Add" (issue 15)
  expect(await truncatedLabels(page)).toEqual([]);
  // the wizard was finished: a new one starts from the first step
  expect(await page.evaluate("sessionStorage.getItem('bcm.datacenterWizard')")).toContain('"step":"where"');

  await page.getByRole('button', { name: 'Re-apply' }).click();
  await expect(page.getByTestId('plan-empty')).toHaveText(/Everything is as specified — nothing to do/);
  await screenshotBoth(page, 'dc-14-reapply-empty');
  await page.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Take down' }).click();
  const dialog = page.getByRole('dialog');
  const confirm = dialog.getByRole('button', { name: 'Take down' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type ${NAME} to confirm`).fill('e2e');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type ${NAME} to confirm`).fill(NAME);
  await dialog.getByRole('checkbox', { name: 'Keep data volumes' }).check();
  await expect(dialog.getByTestId('down-plan-summary')).toContainText('to remove');
  await screenshotBoth(page, 'dc-15-take-down');
  await confirm.click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-outcome', 'succeeded');
  await expect(page.getByTestId('run-outcome')).toHaveText('Take-down finished');
  await expect(page.getByTestId('not-deployed')).toBeVisible();
  expect(await truncatedLabels(page)).toEqual([]);
  await screenshotBoth(page, 'dc-16-taken-down');

  await page.getByRole('button', { name: 'Forget' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Forget' }).click();
  await expect(page.getByRole('heading', { name: 'Datacenters' })).toBeVisible();
  await expect(page.getByTestId(`datacenter-${NAME}`)).toHaveCount(0);
  await expect(page.getByTestId('datacenter-regtest')).toBeVisible();
  await screenshotBoth(page, 'dc-17-list');
});

test('a deploy can be cancelled and resumed from the datacenter page', async () => {
  await page.getByTestId('datacenter-regtest').click();
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('plan-view')).toBeVisible();
  engine.options.holdAt = 'create-instance:gateway';
  await dialog.getByRole('button', { name: 'Deploy', exact: true }).click();
  await expect(page.locator('[data-testid="run-step"][data-action-id="create-instance:gateway"]')).toHaveAttribute(
    'data-state',
    'running',
  );
  await expect(dialog).toBeHidden();
  await page.getByTestId('run-panel').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-outcome', 'cancelled');
  await expect(page.locator('[data-testid="run-step"][data-state="cancelled"]').first()).toBeVisible();
  await screenshotBoth(page, 'dc-18-cancelled');
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-outcome', 'succeeded');
  await expect(page.getByTestId('component-gateway')).toHaveAttribute('data-health', 'healthy');
});

test('"New datacenter" starts afresh when the last wizard ended at its deploy', async () => {
  // a wizard left at its Deploy step (as after a reload mid-deploy, then leaving the page)
  await page.evaluate(`(() => {
    const key = 'bcm.datacenterWizard';
    const saved = JSON.parse(sessionStorage.getItem(key));
    saved.state.step = 'deploy';
    saved.state.savedAs = 'regtest';
    sessionStorage.setItem(key, JSON.stringify(saved));
  })()`);
  await page.reload();
  await page.getByRole('link', { name: /Datacenters/ }).click();
  await page.getByRole('link', { name: 'New datacenter' }).first().click();
  await expect(page.getByText('Where should the datacenter run?')).toBeVisible();
  expect(await page.evaluate("sessionStorage.getItem('bcm.datacenterWizard')")).toContain('"step":"where"');
});
