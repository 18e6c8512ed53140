import { expect, test } from '@playwright/test';
import { screenshotBoth } from './support/app';
import { useDeployedLnd } from './support/deployed-lnd';

// lnd's wallet made from the dashboard, as on mainnet: a regtest datacenter (gateway + btcd + lnd)
// deployed through the app's API with lndWallet 'owner', then in Chromium: Create wallet, the 24
// words shown once, three typed back, created, and the dashboard shows the wallet unlocked.
test.describe.configure({ mode: 'serial' });

const NAME = `bcme-w${process.pid % 10000}`;
const dc = useDeployedLnd(NAME, { extra: { lightning: { lnd: true, clightning: false, lndWallet: 'owner' } }, viewport: { width: 1440, height: 900 } });

test.use({ trace: 'off' });

test('create the lnd wallet from the dashboard: words shown once, three confirmed, unlocked', async () => {
  const { page, host, api } = dc;
  test.setTimeout(4 * 60_000);
  await page.goto(await host.link());
  await page.getByRole('link', { name: /Datacenters/ }).click();
  await page.getByTestId(`datacenter-${NAME}`).click();
  await page.getByTestId('dashboard-links').getByRole('link', { name: /LND/ }).click();
  await expect(page.getByTestId('lightning-dashboard')).toBeVisible();
  await expect(page.getByTestId('wallet-setup-card')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('ln-health')).toHaveAttribute('data-health', 'nowallet');
  await expect(page.getByTestId('ln-health')).toHaveText(/No wallet yet/);
  await screenshotBoth(page, 'lnd-wallet-01-none');

  // Restore: pasted words are checked against aezeed's list as they come, by number
  await page.getByTestId('wallet-restore-open').click();
  const restore = page.getByRole('dialog');
  const pasted = 'abandon ability able about bitcoinz absent absorb abstract absurd abuse access accident account accuse achieve acid acoustic acquire across act action actor actress actual';
  await restore.getByTestId('restore-words').fill(pasted);
  await expect(restore.getByText('Word 5 ("bitcoinz") is not a seed word.')).toBeVisible();
  await expect(restore.getByTestId('wallet-restore')).toBeDisabled();
  await restore.getByTestId('restore-words').fill(pasted.replace('bitcoinz', 'absent').split(' ').map((w, i) => `${i + 1}. ${w}`).join('\n'));
  await expect(restore.getByText('24 seed words.')).toBeVisible();
  await screenshotBoth(page, 'lnd-wallet-07-restore');
  await restore.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.getByTestId('wallet-create-open').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('wallet-password').fill('short');
  await expect(dialog.getByTestId('password-strength')).toContainText('Too short');
  await dialog.getByTestId('wallet-password').fill('correct horse battery staple');
  await dialog.getByTestId('wallet-password-again').fill('correct horse battery stapl');
  await expect(dialog.getByText('Not the same password')).toBeVisible();
  await expect(dialog.getByTestId('wallet-next')).toBeDisabled();
  await dialog.getByTestId('wallet-password-again').fill('correct horse battery staple');
  await expect(dialog.getByTestId('password-strength')).toHaveText('Strong');
  await screenshotBoth(page, 'lnd-wallet-02-password');
  await dialog.getByTestId('wallet-next').click();

  await expect(dialog.getByTestId('seed-words')).toBeVisible({ timeout: 30_000 });
  const words: string[] = [];
  for (let i = 1; i <= 24; i++) words.push((await dialog.getByTestId(`seed-word-${i}`).textContent()) ?? '');
  expect(words.every((w) => /^[a-z]+$/.test(w))).toBe(true);
  await screenshotBoth(page, 'lnd-wallet-03-words');
  await expect(dialog.getByTestId('wallet-next')).toBeDisabled();
  await dialog.getByTestId('wrote-down').check();
  await dialog.getByTestId('wallet-next').click();

  await expect(dialog.getByTestId('seed-words')).toHaveCount(0);
  const inputs = dialog.locator('[data-testid^="confirm-word-"]');
  await expect(inputs).toHaveCount(3);
  const asked = await Promise.all((await inputs.all()).map(async (input) => Number((await input.getAttribute('data-testid'))!.replace('confirm-word-', ''))));
  // one word wrong: the Create button waits
  for (const [k, input] of (await inputs.all()).entries()) await input.fill(k === 0 ? 'zzz' : words[asked[k]! - 1]!);
  await expect(dialog.getByText('Not this word')).toBeVisible();
  await expect(dialog.getByTestId('wallet-create')).toBeDisabled();
  await inputs.first().fill(words[asked[0]! - 1]!);
  await screenshotBoth(page, 'lnd-wallet-04-confirm');
  await dialog.getByTestId('wallet-create').click();
  await expect(dialog.getByTestId('wallet-created')).toBeVisible({ timeout: 90_000 });
  await screenshotBoth(page, 'lnd-wallet-05-created');
  await dialog.getByRole('button', { name: 'Done' }).click();

  await expect(page.getByTestId('wallet-setup-card')).toHaveCount(0, { timeout: 30_000 });
  // lnd starts on the new wallet: unlocked, then following the chain; a block mined and it is synced
  await expect(page.getByTestId('ln-health')).toHaveAttribute('data-health', /^(syncing|synced)$/, { timeout: 90_000 });
  await expect(page.getByTestId('unlock-card')).toHaveCount(0);
  await api.invoke('services.node.mine', { datacenter: NAME, blocks: 1 });
  await expect(page.getByTestId('ln-health')).toHaveAttribute('data-health', 'synced', { timeout: 60_000 });
  await expect(page.getByTestId('tile-backup')).toContainText('Available');
  await screenshotBoth(page, 'lnd-wallet-06-unlocked');
});
