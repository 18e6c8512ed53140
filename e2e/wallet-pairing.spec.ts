import { expect, test } from '@playwright/test';
import { namesFor } from '../src/main/datacenter/naming';
import { parseLndConnect, parseTorClientAuthLine } from '../src/shared/services/lndconnect';
import { screenshotBoth } from './support/app';
import { useDeployedLnd } from './support/deployed-lnd';
import { lxc } from './support/lxc';

// Pairing a mobile wallet from the LND dashboard (issue 13): a regtest datacenter (gateway + btcd +
// lnd) deployed through the app's API without pairing; in Chromium: the card's "Turn on pairing"
// leads to the settings, the review plans lnd's new config and the gateway's onion step, the apply
// runs; then Pair a wallet shows the lndconnect and Tor-key QR codes with their warning, and the
// wallet is revoked. (Reaching lnd over the onion is the integration test wallet-pairing-tor.)
test.describe.configure({ mode: 'serial' });

const NAME = `onw-e${process.pid % 10000}`;
const names = namesFor(NAME);
const dc = useDeployedLnd(NAME, { viewport: { width: 1440, height: 1000 } });

test.use({ trace: 'off' });

async function openLnd(): Promise<void> {
  const { page } = dc;
  await page.getByRole('link', { name: /Datacenters/ }).first().click();
  await page.getByTestId(`datacenter-${NAME}`).click();
  await page.getByTestId('dashboard-links').getByRole('link', { name: /LND/ }).click();
  await expect(page.getByTestId('lightning-dashboard')).toBeVisible();
}

test('turns pairing on from the LND dashboard through the settings, a reviewed plan and an apply', async () => {
  const { page, host } = dc;
  test.setTimeout(5 * 60_000);
  await page.goto(await host.link());
  await openLnd();
  const card = page.getByTestId('wallet-pairing-card');
  await expect(card).toContainText('Pairing is off', { timeout: 60_000 });
  await card.scrollIntoViewIfNeeded();
  await screenshotBoth(page, 'wallet-pairing-00-off');
  await card.getByRole('link', { name: 'Turn on pairing' }).click();
  await expect(page.getByRole('heading', { name: `Edit ${NAME}` })).toBeVisible();
  await page.getByRole('switch', { name: 'Pair a mobile wallet over Tor' }).click();
  await page.getByRole('button', { name: 'Next: review the changes' }).click();
  await expect(page.locator('[data-testid="plan-action"][data-action-id="publish-wallet-onion:gateway"]')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('[data-testid="plan-action"][data-action-id="write-config:lnd"]')).toBeVisible();
  await screenshotBoth(page, 'wallet-pairing-01-review');
  await page.getByRole('button', { name: 'Apply changes' }).click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-outcome', 'succeeded', { timeout: 4 * 60_000 });
});

test('pairs a wallet: the card shows the lndconnect and Tor-key QR codes with what they grant, then revokes it', async () => {
  const { page } = dc;
  test.setTimeout(3 * 60_000);
  await openLnd();
  const card = page.getByTestId('wallet-pairing-card');
  const onion = (await card.getByTestId('wallet-onion-address').textContent({ timeout: 60_000 }))?.trim() ?? '';
  expect(onion).toMatch(/^[a-z2-7]{56}\.onion$/);
  await expect(card).toContainText('No wallet is paired yet');
  await expect(card).toContainText('lnd REST 8080');
  await card.getByRole('button', { name: 'Pair a wallet' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Wallet name').fill('zeus-phone');
  await dialog.getByText('Invoices only').click();
  await expect(dialog).toContainText('cannot spend');
  await dialog.getByRole('button', { name: 'Pair and show QR' }).click();
  const result = dialog.getByTestId('wallet-pairing-result');
  await expect(result).toBeVisible({ timeout: 90_000 });
  await expect(result.getByTestId('lndconnect-qr')).toBeVisible();
  await expect(result.getByTestId('client-auth-qr')).toBeVisible();
  await expect(result).toContainText('Whoever scans this can reach your node');
  const uri = (await result.getByTestId('wallet-lndconnect-uri').textContent()) ?? '';
  const parsed = parseLndConnect(uri);
  expect(parsed.ok && parsed.value.host).toBe(onion);
  expect(parsed.ok && parsed.value.port).toBe(8080);
  // the macaroon the card gave is lnd's invoice macaroon, byte for byte
  const invoiceMacaroon = lxc('exec', '--project', names.project, 'lnd', '--', 'base64', '-w0', '/var/lib/lnd/data/chain/bitcoin/regtest/invoice.macaroon').trim();
  expect(parsed.ok && Buffer.from(parsed.value.macaroon).toString('base64')).toBe(invoiceMacaroon);
  expect(parseTorClientAuthLine((await result.getByTestId('wallet-client-auth').textContent()) ?? '')?.onion).toBe(onion);
  await screenshotBoth(page, 'wallet-pairing-02-qr');
  await dialog.getByRole('button', { name: 'Done' }).click();

  await expect(card.getByRole('table', { name: 'Paired wallets' })).toContainText('zeus-phone');
  await expect(card.getByRole('table', { name: 'Paired wallets' })).toContainText('invoices only');
  await screenshotBoth(page, 'wallet-pairing-03-paired');
  await card.getByRole('button', { name: 'Revoke' }).click();
  await card.getByRole('button', { name: 'Revoke zeus-phone' }).click();
  await expect(card.getByRole('table', { name: 'Paired wallets' })).toHaveCount(0, { timeout: 60_000 });
  await expect(card).toContainText('No wallet is paired yet');
});
