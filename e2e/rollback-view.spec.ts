import { expect, test, type Page } from '@playwright/test';
import { defaultSpec } from '../src/shared/datacenter/spec';
import { screenshotBoth } from './support/app';
import { startHost, type RunningHost } from './support/host';
import { ScriptedDatacenters } from './support/scripted-datacenters';

// How a run that BCM rolled back reads (issue 12), against the SCRIPTED engine: the failure and
// its rollback detail are given to it, nothing is deployed. The rollback itself, for real, is in
// test/integration/datacenter/snapshots.test.ts.
test.use({ trace: 'off' });

const engine = new ScriptedDatacenters();
let host: RunningHost;
let page: Page;
const NAME = 'e2e-rb';
const SNAPSHOT = 'bcm-20261205T171307-before-apply';

test.beforeAll(async ({ browser }) => {
  host = await startHost();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await engine.attach(page);
  engine.put(defaultSpec(NAME, 'local'));
});

test.afterAll(async () => {
  await page?.close();
  await host?.stop();
});

test('a failed run that was rolled back says so, with the snapshot', async () => {
  await page.goto(await host.link());
  await page.getByRole('link', { name: /Datacenters/ }).click();
  await page.getByTestId(`datacenter-${NAME}`).click();
  engine.options.failAt = 'wait-healthy:lnd';
  engine.options.failMessage = `lnd did not become healthy within 180 s (lnd answers getinfo (wallet unlocked)). Last answer: connection refused. Check its logs (journalctl in the container); apply again to retry. Rolled back to snapshot ${SNAPSHOT}; LND is healthy on its previous state.`;
  engine.options.failDetail = { rollback: { snapshot: SNAPSHOT, component: 'lnd', healthy: true, durationMs: 13_311 } };
  await page.getByRole('button', { name: 'Deploy' }).first().click();
  await page.getByRole('dialog').getByRole('button', { name: 'Deploy' }).click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-outcome', 'failed', { timeout: 30_000 });
  const error = page.getByTestId('run-error');
  await expect(error).toContainText(`Rolled back to snapshot ${SNAPSHOT}; LND is healthy on its previous state.`);
  const note = error.getByTestId('run-rollback');
  await expect(note).toHaveAttribute('data-healthy', 'true');
  await expect(note).toContainText('Rolled back');
  await expect(note).toContainText(`LND runs again as of ${SNAPSHOT} (restored and healthy in 13 s)`);
  await screenshotBoth(page, 'snapshots-rollback-run');
});
