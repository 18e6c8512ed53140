import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BcmStore } from '../src/main/store/bcm-store';
import { defaultSpec } from '../src/shared/datacenter/spec';
import { ageWithPassphrase } from '../test/integration/backup/age-cli';
import { screenshotBoth } from './support/app';
import { startHost, type RunningHost } from './support/host';

// One host of its own (this spec wipes its ~/.bcm), steps in order: the store built in the first
// test is backed up, wiped and restored by the next ones. It creates nothing on LXD.
test.describe.configure({ mode: 'serial' });

const PASSPHRASE = 'bcme-bk correct horse battery';
let backups = '';
let host: RunningHost;
let archive = '';
let before: Record<string, string> = {};
let recipient = '';
let identityFile = '';

/**
 * sha256 and mode of every file of a store, except this machine's own state/. Modes as a restore
 * sets them (0600, or 0700 when the owner could run the file): a restore never takes an archive's modes.
 */
function hashes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (rel: string) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (!rel && (name === 'state' || name === 'recovery')) continue;
      const st = statSync(join(root, r));
      if (st.isDirectory()) visit(r);
      else out[r] = `${createHash('sha256').update(readFileSync(join(root, r))).digest('hex')} ${st.mode & 0o100 ? '700' : '600'}`;
    }
  };
  visit('');
  return out;
}

test.beforeAll(async () => {
  backups = mkdtempSync(join(tmpdir(), 'bcme-bk-archives-'));
  process.env['BCM_BACKUP_DIR'] = backups; // the host's default backup folder
  host = await startHost();
});

test.afterAll(async () => {
  await host?.stop();
  delete process.env['BCM_BACKUP_DIR'];
  if (backups) rmSync(backups, { recursive: true, force: true });
  if (identityFile) rmSync(identityFile, { force: true });
  for (const name of readdirSync(tmpdir())) {
    if (host && name.startsWith(`${host.home.split('/').pop()}.`)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
});

async function openBackup(page: Page): Promise<void> {
  await page.getByRole('link', { name: /Backup/ }).click();
  await expect(page.getByRole('heading', { name: 'Backup & restore' })).toBeVisible();
}

test('creates endpoints and a datacenter, each change a commit in the history', async ({ page }) => {
  await page.goto(await host.link());
  await page.getByRole('button', { name: 'Add this computer' }).click();
  await expect(page.getByTestId('endpoint-local')).toBeVisible();
  // the datacenter spec goes through the store facade, as the wizard's save will
  const store = new BcmStore(host.home);
  await store.writeJson('datacenters/bk-e2e.json', defaultSpec('bk-e2e', 'local'), 'Add datacenter bk-e2e (regtest on local)');

  await page.getByRole('link', { name: /History/ }).click();
  const history = page.getByTestId('history');
  await expect(history.getByText('Add datacenter bk-e2e (regtest on local)')).toBeVisible();
  await expect(history.getByText(/^Add endpoint local \(unix /)).toBeVisible();
  await expect(history.getByText('Start the history of ~/.bcm')).toBeVisible();
  await screenshotBoth(page, 'bk-01-history', { fullPage: true });

  // view a file as of a commit
  await page.getByRole('button', { name: /Actions for endpoints\/local.json/ }).first().click();
  await page.getByRole('menuitem', { name: 'View this version' }).click();
  await expect(page.getByTestId('file-version')).toContainText('"kind": "unix"');
  await page.keyboard.press('Escape');
});

test('backs up in one click, with progress, into the backup folder', async ({ page }) => {
  await page.goto(await host.link());
  await openBackup(page);
  const card = page.getByTestId('backup-card');
  await expect(card.getByTestId('backup-freshness')).toHaveText('Never backed up');
  await expect(card.getByLabel('Folder')).toHaveValue(backups);
  await card.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await card.getByLabel('Passphrase again').fill('a typo');
  await expect(card.getByText('The two passphrases differ.')).toBeVisible();
  await expect(card.getByRole('button', { name: 'Back up now' })).toBeDisabled();
  await card.getByLabel('Passphrase again').fill(PASSPHRASE);

  // scheduled backups need a backup key: a new one, shown once (QR and file), BCM keeps its public half
  const schedule = page.getByTestId('schedule-card');
  await expect(schedule.getByRole('switch', { name: 'Back up every day' })).toBeDisabled();
  await schedule.getByRole('button', { name: 'Set up a backup key' }).click();
  const setup = page.getByRole('dialog', { name: 'Set up a backup key' });
  await setup.getByRole('button', { name: 'Generate a key' }).click();
  await expect(setup.getByTestId('identity-qr')).toBeVisible();
  const identity = (await setup.getByTestId('identity-text').innerText()).trim();
  recipient = (await setup.getByTestId('recipient-text').innerText()).trim();
  expect(identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
  expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);
  await expect(setup.getByRole('button', { name: 'Use this key' })).toBeDisabled(); // not before it is saved
  const downloading = page.waitForEvent('download');
  await setup.getByRole('button', { name: /^Save bcm-backup-key-/ }).click();
  identityFile = join(backups, '..', `bcme-bk-identity-${process.pid}.txt`);
  await (await downloading).saveAs(identityFile);
  expect(readFileSync(identityFile, 'utf8')).toContain(`# public key: ${recipient}\n${identity}\n`);
  await screenshotBoth(page, 'bk-02a-backup-key', { fullPage: true });
  await setup.getByLabel('I saved the identity somewhere safe, off this computer').check();
  await setup.getByRole('button', { name: 'Use this key' }).click();
  await expect(setup).toBeHidden();
  await expect(schedule.getByTestId('backup-key')).toContainText(recipient.slice(0, 12));
  await schedule.getByRole('switch', { name: 'Back up every day' }).click();
  await expect(schedule.getByRole('switch', { name: 'Back up every day' })).toBeChecked();
  await schedule.getByRole('switch', { name: 'Back up after channel changes' }).click();
  await expect(schedule.getByTestId('channel-triggers')).toContainText('No channel-triggered backup yet.');
  await screenshotBoth(page, 'bk-02-backup-form', { fullPage: true });
  await card.getByRole('button', { name: 'Back up now' }).click();
  const result = card.getByTestId('backup-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  archive = (await result.getByTestId('backup-path').innerText()).trim();
  expect(archive.startsWith(backups)).toBe(true);
  expect(readdirSync(backups)).toEqual([archive.split('/').pop()]);
  await expect(card.getByTestId('backup-freshness')).toHaveText('Backed up');
  await expect(card.getByTestId('last-backup')).toContainText(archive);
  await screenshotBoth(page, 'bk-03-backup-done', { fullPage: true });
  before = hashes(host.home);
  expect(Object.keys(before)).toEqual(expect.arrayContaining(['endpoints/local.json', 'datacenters/bk-e2e.json', 'config.json', '.git/HEAD']));
  // no secret that opens scheduled backups is kept: only the recipient, in the committed settings
  expect(Object.keys(before).filter((f) => f.startsWith('secrets/backup'))).toEqual([]);
  expect(readFileSync(join(host.home, 'config.json'), 'utf8')).toContain(recipient);
});

test("the archive opens with Debian's `age -d`", async () => {
  const out = join(backups, 'decrypted.tar');
  const age = await ageWithPassphrase(['-d', '-o', out, archive], PASSPHRASE);
  expect(age.code, age.output).toBe(0);
  expect(readFileSync(out).subarray(0, 100).toString('latin1')).toContain('bcm-backup/');
  rmSync(out);
});

test('a wrong passphrase and a flipped byte are refused; nothing changes', async ({ page }) => {
  const flipped = join(backups, 'flipped.age');
  const bytes = readFileSync(archive);
  bytes[bytes.length - 2000]! ^= 0x01;
  writeFileSync(flipped, bytes);
  await page.goto(await host.link());
  await openBackup(page);
  const card = page.getByTestId('restore-card');
  await card.getByRole('textbox', { name: 'Archive', exact: true }).fill(archive);
  await card.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
  await card.getByRole('button', { name: 'Open archive' }).click();
  await expect(card.locator('[data-error-code="AUTH_FAILED"]')).toContainText('passphrase does not open');

  // the backup key's identity does not open a one-click (passphrase) archive, and says so
  await card.getByText('With the backup key').click();
  await card.getByLabel('Identity').fill(readFileSync(identityFile, 'utf8'));
  await card.getByRole('button', { name: 'Open archive' }).click();
  await expect(card.locator('[data-error-code="VALIDATION"]')).toContainText('enter its passphrase instead');
  await card.getByText('With the passphrase').click();

  await card.getByRole('textbox', { name: 'Archive', exact: true }).fill(flipped);
  await card.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await card.getByRole('button', { name: 'Open archive' }).click();
  // a small archive is one 64 KiB age chunk: the flip fails its tag before even the manifest is shown
  await expect(card.locator('[data-error-code="VALIDATION"]')).toContainText(/failed its integrity check/);
  await expect(card.getByTestId('manifest')).toHaveCount(0);
  await screenshotBoth(page, 'bk-04-tampered', { fullPage: true });
  expect(hashes(host.home)).toEqual(before);
  rmSync(flipped);
});

test('wipes ~/.bcm, restores from the archive and finds every file identical', async ({ page }) => {
  rmSync(host.home, { recursive: true, force: true });
  await page.goto(await host.link());
  await openBackup(page);
  const card = page.getByTestId('restore-card');
  await card.getByRole('button', { name: `Choose ${archive.split('/').pop()}` }).click();
  await expect(card.getByRole('textbox', { name: 'Archive', exact: true })).toHaveValue(archive);
  await card.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await card.getByLabel('Passphrase', { exact: true }).press('Enter');
  const manifest = card.getByTestId('manifest');
  await expect(manifest).toContainText('endpoints');
  await screenshotBoth(page, 'bk-05-manifest', { fullPage: true });
  await card.getByRole('button', { name: /Restore into/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`It will be restored into ${host.home}`);
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  const report = card.getByTestId('restore-report');
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(report).toContainText('every one matched its SHA-256');
  await expect(report).toContainText('There was no store there before.');
  // the archive it came from counts as this store's last backup (issue 15: it said "Never backed up")
  await expect(page.getByTestId('backup-card').getByTestId('backup-freshness')).toHaveText('Backed up');
  await screenshotBoth(page, 'bk-06-restored', { fullPage: true });
  expect(hashes(host.home)).toEqual(before);

  // the app reloaded its lists: the endpoint is back without a page reload
  await page.getByRole('link', { name: /Endpoints/ }).click();
  await expect(page.getByTestId('endpoint-local')).toBeVisible();
});

test('restoring over an existing store keeps it aside, and history can restore the whole store', async ({ page }) => {
  await page.goto(await host.link());
  await page.getByRole('link', { name: /History/ }).click();
  const history = page.getByTestId('history');
  const dcCommit = history.locator('[data-testid^="commit-"]', { hasText: 'Add datacenter bk-e2e' });
  await expect(dcCommit).toBeVisible();
  // go back to before the datacenter existed, then undo that
  const endpointCommit = history.locator('[data-testid^="commit-"]', { hasText: /^Add endpoint local/ });
  await endpointCommit.getByRole('button', { name: 'Restore store to here' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(history.getByText(/^Restore the store to [0-9a-f]{8} \("Add endpoint local/)).toBeVisible();
  expect(readdirSync(join(host.home, 'datacenters'))).toEqual([]);

  await openBackup(page);
  const card = page.getByTestId('restore-card');
  // the archive is picked from another folder, as from a USB stick (issue 11: "pick a file anywhere")
  const usb = mkdtempSync(join(tmpdir(), 'bcme-usb-'));
  const name = archive.split('/').pop() ?? '';
  copyFileSync(archive, join(usb, name));
  const lookIn = card.getByLabel('Look in');
  await lookIn.fill('not/absolute');
  await expect(card.getByTestId('archive-list-error')).toBeVisible();
  await lookIn.fill(usb);
  await expect(card.getByText(`In ${usb}`)).toBeVisible();
  await card.getByRole('button', { name: `Choose ${name}` }).click();
  await expect(card.getByRole('textbox', { name: 'Archive', exact: true })).toHaveValue(join(usb, name));
  await card.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await card.getByRole('button', { name: 'Open archive' }).click();
  await card.getByRole('button', { name: /Restore into/ }).click();
  await expect(page.getByRole('dialog')).toContainText('moved aside');
  await page.getByRole('dialog').getByRole('button', { name: 'Restore', exact: true }).click();
  const keptAside = await card.getByTestId('kept-aside').innerText();
  expect(keptAside).toMatch(/\.before-restore-\d{8}-\d{6}$/);
  expect(readdirSync(join(keptAside, 'datacenters'))).toEqual([]);
  expect(hashes(host.home)).toEqual(before);
  rmSync(keptAside, { recursive: true, force: true });
  rmSync(usb, { recursive: true, force: true });
});
