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

/** In a fresh ~/.bcm: opens the one-time link, adds this computer's LXD, and goes to the wizard's "what" step on it. */
export async function wizardOnLocal(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.getByRole('link', { name: /Endpoints/ }).click();
  await addLocalEndpoint(page);
  await openWizard(page);
  await page.getByTestId('where-local').click();
  await page.getByRole('button', { name: 'Next: what to run' }).click();
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

/**
 * From the Endpoints page of a fresh ~/.bcm: adds this computer, then fills the wizard for a
 * regtest btcd + lnd datacenter on `image` with local `overrides`, up to its plan.
 */
export async function wizardToPlan(page: Page, opts: { name: string; image: string; overrides: Record<string, ArtifactOverride> }): Promise<void> {
  await addLocalEndpoint(page);
  await openWizard(page);
  await page.getByTestId('where-local').click();
  await page.getByRole('button', { name: 'Next: what to run' }).click();
  await nameField(page).fill(opts.name);
  await page.getByTestId('chain-regtest').click();
  await chooseBackend(page, 'btcd');
  await page.getByRole('button', { name: /Advanced: base image/ }).click();
  await page.getByRole('radio', { name: 'Already on the endpoint' }).check();
  await page.getByRole('textbox', { name: 'Image alias' }).fill(opts.image);
  await importOverrides(page, opts.overrides);
  await page.getByRole('button', { name: 'Next: review the plan' }).click();
  await expect(page.getByTestId('plan-view')).toBeVisible({ timeout: 60_000 });
}
