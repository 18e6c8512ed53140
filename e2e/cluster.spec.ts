import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { namesFor } from '../src/main/datacenter/naming';
import { CLUSTER_DIR, clusterLocations, ensureCluster, memberStatuses, removeClusterDatacenter, stopMember } from '../test/support/cluster';
import { screenshotBoth } from './support/app';
import { startHost, type RunningHost } from './support/host';
import { addLocalEndpoint, chooseBackend, importOverrides, nameField, openWizard, testOverrides } from './support/wizard';

// Issue 14 in the UI, against the real three-member LXD cluster of scripts/setup-test-cluster.sh:
// the host's "this computer" is the cluster's m1 (LXD_DIR), so the Endpoints page shows the members;
// a member is evacuated and restored from the members table; the wizard places lnd on a chosen
// member and the review's real plan says where each container goes; the deployed datacenter's
// page says where each container runs, and names what a stopped member affects.
test.describe.configure({ mode: 'serial' });
test.use({ trace: 'off' });

const names = namesFor('clu-e2e');
let host: RunningHost;
let page: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  ensureCluster();
  host = await startHost({ env: { LXD_DIR: join(CLUSTER_DIR, 'm1') } });
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page?.close();
  await host?.stop();
  try {
    ensureCluster(); // a member stopped or evacuated by a failed test comes back
  } finally {
    removeClusterDatacenter(names.project, [names.internalNetwork, names.natNetwork], names.internalAcl);
  }
});

test('the Endpoints page shows the cluster’s members with status, roles and free resources', async () => {
  await page.goto(await host.link());
  await addLocalEndpoint(page);
  const members = page.getByTestId('cluster-members');
  await expect(members).toBeVisible();
  for (const m of ['m1', 'm2', 'm3']) {
    const row = members.getByTestId(`member-${m}`);
    await expect(row).toContainText('Online');
    await expect(row).toContainText('database');
    await expect(row).toContainText(/GiB free of/);
  }
  await expect(page.getByTestId('endpoint-local')).toContainText('cluster');
  await screenshotBoth(page, 'clu-01-members', { fullPage: true });
});

test('a member is evacuated and restored from the members table', async () => {
  const row = page.getByTestId('cluster-members').getByTestId('member-m2');
  await row.getByRole('button', { name: 'Evacuate' }).click();
  await expect(page.getByRole('dialog')).toContainText('places nothing new there');
  await page.getByRole('dialog').getByRole('button', { name: 'Evacuate' }).click();
  await expect(row).toContainText('Evacuated', { timeout: 60_000 });
  expect(memberStatuses()['m2']).toBe('Evacuated');
  await screenshotBoth(page, 'clu-04-member-evacuated');
  await row.getByRole('button', { name: 'Restore' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
  await expect(row).toContainText('Online', { timeout: 60_000 });
  expect(memberStatuses()['m2']).toBe('Online');
});

test('the wizard places lnd on a chosen member and the plan shows every container’s member', async () => {
  await openWizard(page);
  await page.getByTestId('where-local').click();
  await page.getByRole('button', { name: 'Next: what to run' }).click();
  await nameField(page).fill('clu-e2e');
  await page.getByTestId('chain-regtest').click();
  await chooseBackend(page, 'btcd');
  await page.getByRole('button', { name: /Advanced: base image/ }).click();
  await page.getByRole('radio', { name: 'Already on the endpoint' }).check();
  await page.getByRole('textbox', { name: 'Image alias' }).fill('bcm-debian-bookworm');
  await importOverrides(page, testOverrides());
  await page.getByRole('button', { name: /Advanced: placement on the cluster/ }).click();
  const section = page.getByTestId('placement-section');
  await expect(section.getByRole('combobox', { name: 'Member for lnd' })).toHaveValue(/^Automatic \(now: m\d\)$/);
  await section.getByRole('combobox', { name: 'Member for lnd' }).click();
  await page.getByRole('option', { name: /^m3/ }).click();
  await expect(page.getByRole('button', { name: /Advanced: placement on the cluster \(1 chosen\)/ })).toBeVisible();
  await screenshotBoth(page, 'clu-02-wizard-placement', { fullPage: true });

  await page.getByRole('button', { name: 'Next: review the plan' }).click();
  const placement = page.getByTestId('plan-placement');
  await expect(placement).toBeVisible({ timeout: 60_000 });
  await expect(placement.getByTestId('placement-lnd')).toContainText('on m3');
  await expect(placement.getByTestId('placement-lnd')).toContainText('chosen');
  for (const c of ['gateway', 'btcd']) await expect(placement.getByTestId(`placement-${c}`)).toContainText(/on m\d.*automatic/);
  await expect(page.locator('[data-action-id="create-instance:lnd"]')).toContainText('on m3');
  await screenshotBoth(page, 'clu-03-plan-placement', { fullPage: true });
});

test('deploys across the members; the datacenter page says where each container runs and what a stopped member affects', async () => {
  test.setTimeout(600_000);
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  const panel = page.getByTestId('run-panel');
  await expect(panel).toHaveAttribute('data-outcome', /running|succeeded|failed/, { timeout: 30_000 });
  await expect(panel).not.toHaveAttribute('data-outcome', 'running', { timeout: 8 * 60_000 });
  if ((await panel.getAttribute('data-outcome')) !== 'succeeded') throw new Error(`the deployment did not succeed: ${await page.getByTestId('run-error').innerText({ timeout: 5_000 }).catch(() => '(no message)')}`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: 'Open clu-e2e' }).click();
  const where = clusterLocations('bcm-clu-e2e');
  expect(where['lnd']).toBe('m3');
  for (const c of ['gateway', 'btcd', 'lnd']) await expect(page.getByTestId(`location-${c}`)).toHaveText(`on member ${where[c] ?? '?'}`);
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('component-lnd')).toHaveAttribute('data-health', 'healthy', { timeout: 5_000 });
  }).toPass({ timeout: 3 * 60_000, intervals: [2_000, 5_000] });
  await screenshotBoth(page, 'clu-05-datacenter-locations');

  stopMember('m3');
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('member-issue-m3')).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000, intervals: [3_000, 5_000] });
  await expect(page.getByTestId('member-issue-m3')).toContainText('Member m3 is offline');
  await expect(page.getByTestId('member-issue-m3')).toContainText('Affected: LND (lnd)');
  await expect(page.getByTestId('component-lnd')).toHaveAttribute('data-health', 'unknown');
  await screenshotBoth(page, 'clu-06-member-offline');
  ensureCluster(); // m3 starts again, and lnd with it
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('member-issues')).toHaveCount(0, { timeout: 5_000 });
  }).toPass({ timeout: 120_000, intervals: [3_000, 5_000] });
});
