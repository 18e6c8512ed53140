import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { ArtifactOverride } from '../../src/shared/datacenter/spec';

/** Steps of the datacenter wizard that several specs share. */

export const OVERRIDES_PATH = join(
  process.env['BCM_ARTIFACTS_PRESEED'] ??
    join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'bcm', 'artifacts-preseed'),
  'overrides.json',
);

/** The overrides scripts/build-test-artifacts.sh wrote, or a stand-in with the same shape. */
export function testOverrides(): Record<string, ArtifactOverride> {
  if (existsSync(OVERRIDES_PATH))
    return JSON.parse(readFileSync(OVERRIDES_PATH, 'utf8')) as Record<string, ArtifactOverride>;
  return {
    btcd: { version: '0.24.2-localbuild', sha256: 'a'.repeat(64) },
    lnd: { version: '0.18.5-beta-localbuild', sha256: 'b'.repeat(64) },
  };
}

/** On the Endpoints page: adds this computer's LXD (in a fresh ~/.bcm). */
export async function addLocalEndpoint(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Endpoints' })).toBeVisible();
  await page.getByRole('button', { name: 'Add this computer' }).click();
  await expect(page.getByTestId('endpoint-local').getByTestId('reachability')).toHaveText(/Online/);
}

/** From anywhere: Datacenters → New datacenter (or back to the wizard's current step). */
export async function openWizard(page: Page): Promise<void> {
  await page.getByRole('link', { name: /Datacenters/ }).click();
  await expect(page.getByRole('heading', { name: 'Datacenters' })).toBeVisible();
  const button = page.getByRole('link', { name: 'New datacenter' }).first();
  await button.click();
  await expect(page.getByRole('heading', { name: 'New datacenter' })).toBeVisible();
}

export function nameField(page: Page) {
  return page.getByRole('textbox', { name: 'Name', exact: true });
}

export async function chooseBackend(page: Page, backend: 'bitcoind' | 'btcd'): Promise<void> {
  await page.getByTestId(`backend-${backend}`).click();
  await expect(page.getByTestId(`backend-${backend}`)).toHaveAttribute('data-checked', 'true');
}

/** Advanced → local artifacts: pastes an overrides.json and imports it. */
export async function importOverrides(page: Page, overrides: Record<string, ArtifactOverride>): Promise<void> {
  const section = page.getByRole('button', { name: /Advanced: local artifacts/ });
  if ((await section.getAttribute('aria-expanded')) !== 'true') await section.click();
  await page.getByRole('textbox', { name: 'overrides.json' }).fill(JSON.stringify(overrides, null, 2));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  for (const name of Object.keys(overrides)) {
    await expect(page.getByTestId('artifact-overrides').getByText(name, { exact: true })).toBeVisible();
  }
}
