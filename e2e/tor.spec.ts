import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { connectOnionNode, startTestnet, waitBootstrapped, type Testnet } from '../scripts/tor-testnet/network';
import { LxdClient, createUnixTransport, fingerprintOfPem } from '../src/main/lxd';
import type { TorControl } from '../src/main/tor/control/client';
import { OnionServiceManager, watchDescriptorUploads } from '../src/main/tor/onion-service';
import { exportPairing, lxdTrustSource } from '../src/main/tor/pairing-export';
import { FileOnionServiceStore } from '../src/main/tor/service-store';
import { screenshotBoth } from './support/app';
import { startHost, type RunningHost } from './support/host';
import { lxc, tryLxc } from './support/lxc';

// Pairing a laptop with a home server over Tor, in Chromium: a private Tor network on 127.0.0.1
// (scripts/tor-testnet), whose onion node publishes the real test LXD's HTTPS API as a v3 onion
// service with client authorisation (as the datacenter gateway will). Each run is a fresh app
// (its own ~/.bcm and Tor) importing the bundle through the UI.
test.describe.configure({ mode: 'serial' });

const container = `bcme-tor-${randomBytes(3).toString('hex')}`;
const clientName = `bcme-tor-${randomBytes(2).toString('hex')}`;
const uiClient = `bcme-tor-ui-${randomBytes(2).toString('hex')}`;
let net: Testnet;
let server: TorControl;
let manager: OnionServiceManager;
let lxd: LxdClient;
let bundle: string;
let serviceId: string;
let work: string;
const hosts: RunningHost[] = [];
const trusted: string[] = [];

/** A browser host whose Tor joins the private network (its own fresh ~/.bcm). */
async function torHost(): Promise<RunningHost> {
  const extra = join(work, 'testnet.torrc');
  writeFileSync(extra, `${net.clientLines.join('\n')}\n`);
  process.env['BCM_TOR_EXTRA_TORRC'] = extra;
  try {
    const host = await startHost();
    hosts.push(host);
    return host;
  } finally {
    delete process.env['BCM_TOR_EXTRA_TORRC'];
  }
}

async function importBundle(page: Page, host: RunningHost, name: string): Promise<Locator> {
  await page.goto(await host.link());
  await page.getByRole('button', { name: 'Import pairing bundle' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a pairing bundle' });
  await dialog.getByLabel('Pairing bundle').fill(bundle);
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog.getByTestId('pairing-summary')).toContainText(`${serviceId}.onion:8443`);
  await dialog.getByLabel('Endpoint name').fill(name);
  await dialog.getByRole('button', { name: 'Connect through Tor' }).click();
  return dialog;
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  work = mkdtempSync(join(tmpdir(), 'bcme-tor-'));
  lxc('launch', 'bcm-test-busybox', container);
  net = await startTestnet();
  server = await connectOnionNode(net);
  await waitBootstrapped(server, 90_000);
  lxd = new LxdClient(createUnixTransport('/var/lib/lxd/unix.socket'));
  manager = new OnionServiceManager(new FileOnionServiceStore(join(work, 'services')), () => server);
  const service = await manager.publish({ name: 'lxd', virtualPort: 8443, target: '127.0.0.1:8443' });
  serviceId = service.onionAddress.replace(/\.onion$/, '');
  const exported = await exportPairing({ manager, service: 'lxd', clientName, lxd: lxdTrustSource(lxd), endpointName: 'home-server' });
  bundle = exported.bundle;
  // a second device stays authorised, so the service stays published after the laptop is revoked;
  // the watch starts before this last change (each change re-publishes with new descriptors)
  const uploads = await watchDescriptorUploads(server, serviceId);
  await exportPairing({ manager, service: 'lxd', clientName: `${clientName}-2`, lxd: lxdTrustSource(lxd), endpointName: 'home-server' });
  // the manager adds a service again if Tor stays ready without uploading it (onion-publication.ts)
  await uploads.wait(180_000);
  uploads.stop();
});

test.afterAll(async () => {
  for (const host of hosts) {
    try {
      trusted.push(fingerprintOfPem(readFileSync(join(host.home, 'secrets', 'client.crt'), 'utf8')));
    } catch {
      // this run never made an identity
    }
    await host.stop();
  }
  for (const fp of trusted) tryLxc('config', 'trust', 'remove', fp);
  tryLxc('config', 'trust', 'revoke-token', `bcm-pair-${clientName}`);
  tryLxc('config', 'trust', 'revoke-token', `bcm-pair-${clientName}-2`);
  tryLxc('config', 'trust', 'revoke-token', `bcm-pair-${uiClient}`);
  tryLxc('delete', '--force', container);
  manager?.close();
  server?.close();
  lxd?.close();
  await net?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('imports a pairing bundle, lists the instances through the onion and opens a terminal', async ({ page }) => {
  test.setTimeout(180_000);
  const host = await torHost();
  const dialog = await importBundle(page, host, 'home');
  await expect(dialog.getByTestId('pairing-steps').locator('[data-step="tor"]')).toHaveAttribute('data-state', /active|done/);
  await expect(dialog.getByText('home was added')).toBeVisible({ timeout: 120_000 });
  await screenshotBoth(page, 'tor-01-import-done');
  await dialog.getByRole('button', { name: 'Done' }).click();

  const card = page.getByTestId('endpoint-home');
  await expect(card).toContainText('Onion');
  await expect(card).toContainText(`${serviceId}.onion:8443`);
  const row = card.getByTestId(`instance-${container}`);
  await expect(row.getByTestId('instance-status')).toHaveText('Running', { timeout: 60_000 });
  await screenshotBoth(page, 'tor-02-onion-endpoint');

  // a terminal into the container, over the onion (exec websocket through Tor's SOCKS port)
  await row.getByRole('button', { name: `Open a terminal in ${container}` }).click();
  const terminal = page.getByTestId(`terminal-${container}`);
  await expect(terminal.getByTestId('terminal-status')).toHaveAttribute('data-status', 'attached', { timeout: 60_000 });
  await terminal.locator('.xterm').click();
  await page.keyboard.type('echo $((6*7))');
  await page.keyboard.press('Enter');
  await expect
    .poll(() => terminal.locator('.xterm-rows > div').evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').trim())), { timeout: 30_000 })
    .toContain('42');

  // the Tor page: connected, with its ports and log
  await page.getByRole('button', { name: 'Hide the console' }).click();
  await page.getByRole('link', { name: /^Tor/ }).click();
  await expect(page.getByTestId('tor-state')).toHaveText('Connected');
  await expect(page.getByTestId('tor-log')).toContainText('Bootstrapped 100%');
  await screenshotBoth(page, 'tor-03-tor-page', { fullPage: true });
});

test("publishes this computer's LXD as an onion service, shows a client's QR bundle and revokes it", async ({ page }) => {
  test.setTimeout(120_000);
  const host = hosts[0] as RunningHost;
  await page.goto(await host.link());
  await page.getByRole('link', { name: /^Tor/ }).click();
  await page.getByRole('button', { name: "Publish this computer's LXD" }).click();
  const service = page.getByTestId('onion-service-this-computer');
  await expect(service.getByTestId('onion-address')).toContainText(/^[a-z2-7]{56}\.onion:8443$/);
  await expect(service).toContainText('No clients yet');

  await service.getByRole('button', { name: 'Add client' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a client' });
  await dialog.getByLabel('Client name').fill(uiClient);
  await dialog.getByRole('button', { name: 'Authorise and make the bundle' }).click();
  const shown = page.getByRole('dialog', { name: 'Pairing bundle' });
  await expect(shown.getByRole('img', { name: `QR code of the pairing bundle for ${uiClient}` })).toBeVisible({ timeout: 30_000 });
  await expect(shown.getByTestId('pairing-bundle-text')).toContainText('bcm-pairing:1:');
  await screenshotBoth(page, 'tor-05-pairing-bundle');
  await shown.getByRole('button', { name: 'Done' }).click();

  await expect(service).toContainText('Published');
  await expect(service.getByRole('table', { name: 'Authorised clients of this-computer' })).toContainText(uiClient);
  await screenshotBoth(page, 'tor-06-onion-service', { fullPage: true });
  await service.getByRole('button', { name: 'Revoke', exact: true }).click();
  await service.getByRole('button', { name: `Revoke ${uiClient}` }).click();
  await expect(service.getByRole('table')).toHaveCount(0);
  await expect(service).toContainText('No clients yet');
});

test('a revoked key shows the "not authorised" message', async ({ page }) => {
  test.setTimeout(180_000);
  const uploads = await watchDescriptorUploads(server, serviceId);
  await manager.revokeClient('lxd', clientName);
  await uploads.wait(90_000);
  uploads.stop();

  const host = await torHost();
  const dialog = await importBundle(page, host, 'home');
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('not authorised', { timeout: 120_000 });
  await expect(alert).toHaveAttribute('data-error-code', 'AUTH_FAILED');
  await expect(dialog.getByTestId('pairing-steps').locator('[data-step="connect"]')).toHaveAttribute('data-state', 'failed');
  await screenshotBoth(page, 'tor-04-not-authorised');
  await dialog.getByRole('button', { name: 'Close' }).click();
  // nothing was added
  await expect(page.getByTestId('endpoint-home')).toHaveCount(0);
});

test('a malformed bundle is refused before anything starts', async ({ page }) => {
  const host = hosts[hosts.length - 1] as RunningHost;
  await page.goto(await host.link());
  await page.getByRole('button', { name: 'Import pairing bundle' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a pairing bundle' });
  await dialog.getByLabel('Pairing bundle').fill(bundle.slice(0, bundle.length - 40));
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog.getByRole('alert')).toContainText('damaged');
});
