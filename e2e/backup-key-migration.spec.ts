import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { screenshotBoth } from './support/app';
import { startHost, type RunningHost } from './support/host';

// Upgrading from a BCM that remembered the scheduled-backup passphrase in ~/.bcm/secrets (issue 13):
// the file is deleted at start, the Backup page says so once and what to do, and the owner sets up
// a backup key derived from a passphrase. It creates nothing on LXD.
let host: RunningHost;
let home = '';
const OLD = 'an old remembered passphrase';

test.beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'bcme-bkm-'));
  mkdirSync(join(home, 'secrets'), { recursive: true, mode: 0o700 });
  writeFileSync(join(home, 'secrets', 'backup-passphrase'), OLD, { mode: 0o600 });
  writeFileSync(join(home, 'config.json'), `${JSON.stringify({ schemaVersion: 1, backup: { daily: true, afterChannelChange: true } }, null, 2)}\n`, { mode: 0o600 });
  host = await startHost({ home });
});

test.afterAll(async () => {
  await host?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

test('the remembered passphrase is deleted, the owner is told, and a key from a passphrase replaces it', async ({ page }) => {
  await page.goto(await host.link());
  await page.getByRole('link', { name: /Backup/ }).click();
  const schedule = page.getByTestId('schedule-card');
  const notice = schedule.getByTestId('backup-notice');
  await expect(notice).toContainText('the one remembered in ~/.bcm/secrets/backup-passphrase was deleted');
  await expect(notice).toContainText('set up a backup key');
  expect(existsSync(join(home, 'secrets', 'backup-passphrase'))).toBe(false);
  // the switches stay as they were but wait for a key
  await expect(schedule.getByRole('switch', { name: 'Back up every day' })).toBeDisabled();
  await screenshotBoth(page, 'bkm-01-notice', { fullPage: true });

  await schedule.getByRole('button', { name: 'Set up a backup key' }).click();
  const setup = page.getByRole('dialog', { name: 'Set up a backup key' });
  await setup.getByText('From a passphrase').click();
  await setup.getByLabel('Passphrase', { exact: true }).fill('short');
  await expect(setup.getByText('At least 10 characters')).toBeVisible();
  await setup.getByLabel('Passphrase', { exact: true }).fill(OLD);
  await setup.getByLabel('Passphrase again').fill(OLD);
  await screenshotBoth(page, 'bkm-02-from-passphrase');
  await setup.getByRole('button', { name: 'Derive the key' }).click();
  await expect(setup).toBeHidden({ timeout: 30_000 });
  await expect(schedule.getByTestId('backup-key')).toContainText('derived from your passphrase');
  await expect(schedule.getByRole('switch', { name: 'Back up every day' })).toBeEnabled();
  const config = readFileSync(join(home, 'config.json'), 'utf8');
  expect(config).toMatch(/"recipient": "age1[0-9a-z]{58}"/);
  expect(config).not.toContain(OLD);
  await notice.getByRole('button', { name: 'Got it' }).click();
  await expect(notice).toHaveCount(0);
  await screenshotBoth(page, 'bkm-03-key-set', { fullPage: true });
});
