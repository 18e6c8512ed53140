import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { BcmApi } from '../src/shared/client';
import type { WsBridge } from '../src/shared/ws-bridge';
import { namesFor } from '../src/main/datacenter/naming';
import { removeTestDatacenter } from '../test/support/remove-datacenter';
import { screenshotDir, truncatedLabels } from './support/app';
import { connectApi, deployThroughApi, regtestLndSpec } from './support/deploy';
import { startHost, type RunningHost } from './support/host';
import { testOverrides } from './support/wizard';

// Issue 12 (day two), in Chromium: a regtest datacenter (gateway + btcd) deployed by BCM into this
// machine's LXD through the app's own API; then from the datacenter page's Snapshots card: take a
// snapshot, see it listed, write something in btcd's data volume, restore the snapshot, see the
// confirmation, and the file is gone; then delete it.
test.describe.configure({ mode: 'serial' });

const NAME = `bcme-sn${process.pid % 10000}`;
const names = namesFor(NAME);
const MARKER = '/var/lib/btcd/e2e-marker';

let host: RunningHost;
let bridge: WsBridge;
let api: BcmApi;
let page: Page;

const inBtcd = (script: string): string => execFileSync('lxc', ['exec', '--project', names.project, 'btcd', '--', 'sh', '-c', script], { encoding: 'utf8', timeout: 60_000 });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(8 * 60_000);
  host = await startHost();
  ({ bridge, api } = connectApi(await host.link()));
  await bridge.ready;
  await api.invoke('endpoints.addLocal', { name: 'local' });
  await deployThroughApi(api, regtestLndSpec(NAME, 'bcm-debian-bookworm', testOverrides(), { lightning: { lnd: false, clightning: false } }));
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

test.afterAll(async () => {
  await page?.close();
  bridge?.close();
  await host?.stop();
  removeTestDatacenter(names);
});

test('take a snapshot from the card, see it listed, restore it, see the confirmation', async () => {
  test.setTimeout(4 * 60_000);
  await page.goto(await host.link());
  await page.getByRole('link', { name: /Datacenters/ }).click();
  await page.getByTestId(`datacenter-${NAME}`).click();
  const card = page.getByRole('region', { name: 'Snapshots' });
  await expect(card.getByTestId('no-snapshots')).toBeVisible({ timeout: 30_000 });

  await card.getByRole('button', { name: 'Take snapshot' }).click();
  const take = page.getByRole('dialog', { name: `Take a snapshot of ${NAME}` });
  await take.getByRole('textbox', { name: 'Reason' }).fill('Before the e2e restore');
  await take.getByRole('button', { name: 'Take snapshot' }).click();
  await expect(take).toBeHidden({ timeout: 60_000 });

  const row = card.getByTestId('snapshot-table').getByRole('row').filter({ hasText: 'Before the e2e restore' });
  await expect(row).toBeVisible();
  await expect(row).toContainText(/bcm-\d{8}T\d{6}-before-the-e2e-restore/);
  await expect(row).toContainText('Gateway');
  await expect(row).toContainText('btcd');
  await expect(row).toContainText('unknown'); // a dir pool cannot tell a snapshot's size
  await expect(card).toContainText(/size unknown on a dir pool/i);
  expect(await truncatedLabels(page)).toEqual([]);
  mkdirSync(screenshotDir, { recursive: true });
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, 'snapshots-card-1440.png') });
  await card.screenshot({ path: join(screenshotDir, 'snapshots-card.png') });

  inBtcd(`echo written-after > ${MARKER}`);
  await row.getByRole('button', { name: 'Restore', exact: true }).click();
  const restore = page.getByRole('dialog', { name: /^Restore bcm-/ });
  await expect(restore.getByTestId('restore-warning')).toContainText('Changes since then will be lost');
  await expect(restore.getByTestId('restore-warning')).toContainText('btcd, gateway');
  await page.screenshot({ path: join(screenshotDir, 'snapshots-restore-modal.png') });
  await restore.getByRole('button', { name: 'Restore snapshot' }).click();
  await expect(restore.getByTestId('restore-pending')).toContainText('waiting until they answer their health check');
  await expect(restore).toBeHidden({ timeout: 120_000 });
  const done = card.getByTestId('restore-done');
  await expect(done).toContainText(/Restored bcm-\d{8}T\d{6}-before-the-e2e-restore/);
  await expect(done).toContainText('Gateway, btcd are back as of');
  await expect(done).toContainText('All are healthy.');
  await card.screenshot({ path: join(screenshotDir, 'snapshots-card-restored.png') });
  expect(inBtcd(`test -e ${MARKER} && echo present || echo gone`).trim()).toBe('gone');

  // and it can be deleted, after a second click
  await row.getByRole('button', { name: /^Delete bcm-/ }).click();
  await row.getByRole('button', { name: 'Delete it' }).click();
  await expect(card.getByTestId('no-snapshots')).toBeVisible({ timeout: 30_000 });
  expect(execFileSync('lxc', ['info', '--project', names.project, 'btcd'], { encoding: 'utf8' })).not.toMatch(/before-the-e2e-restore/);
});
