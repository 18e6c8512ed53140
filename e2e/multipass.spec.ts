import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { fingerprintOfPem } from '../src/main/lxd';
import { trustNameFor } from '../src/main/multipass/cloud-init';
import { screenshotBoth } from './support/app';
import { startHost, type RunningHost } from './support/host';
import { lxc, trustedFingerprints, tryLxc } from './support/lxc';
import { addLocalEndpoint, chooseBackend, importOverrides, nameField, openWizard, testOverrides } from './support/wizard';

// "New VM on this computer" in Chromium, against the FAKE multipass (test/fakes/multipass: the real
// CLI is snap-only and cannot be installed here). Everything around it is real: the browser host,
// ~/.bcm, and the "VM"'s LXD, which is the real test LXD over HTTPS; its first boot makes a real
// one-time trust token there, and the app enrols with it.
test.describe.configure({ mode: 'serial' });

const FAKE = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', 'test', 'fakes', 'multipass', 'multipass');
const vmName = `bcme-mp-${randomBytes(3).toString('hex')}`;
const failedName = `bcme-mp-f${randomBytes(2).toString('hex')}`;
const dcName = `bcme-mp-dc${randomBytes(2).toString('hex')}`;
const IMAGE = process.env['BCM_IMAGE_ALIAS'] ?? 'bcm-debian-bookworm';
let fakeHome: string;
let host: RunningHost;

function setFakeHost(config: Record<string, unknown>): void {
  writeFileSync(join(fakeHome, 'host.json'), JSON.stringify({ timeScale: 0.6, bootSeconds: 4, ...config }));
}

/** A browser host that finds the FAKE through BCM_MULTIPASS (the configurable path). */
async function hostWith(env: Record<string, string>): Promise<RunningHost> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await startHost();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function openNewVm(page: Page, url: string) {
  await page.goto(url);
  await openWizard(page);
  await page.getByTestId('new-vm-option').click();
  const dialog = page.getByRole('dialog', { name: 'New VM on this computer' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test.beforeAll(async () => {
  fakeHome = mkdtempSync(join(tmpdir(), 'bcme-mp-fake-'));
  setFakeHost({});
  host = await hostWith({ BCM_MULTIPASS: FAKE, BCM_FAKE_MULTIPASS_HOME: fakeHome });
});

test.afterAll(async () => {
  // whatever is left of this run: pending tokens of its FAKE VMs, and this host's client
  // certificate, by fingerprint (deleting a FAKE VM already removes it; this is for a failed run)
  for (const name of [vmName, failedName, `${failedName}r`]) tryLxc('config', 'trust', 'revoke-token', trustNameFor(name, hostname()));
  const cert = host ? join(host.home, 'secrets', 'client.crt') : '';
  if (cert && existsSync(cert)) {
    const fingerprint = fingerprintOfPem(readFileSync(cert, 'utf8'));
    if (trustedFingerprints().includes(fingerprint)) tryLxc('config', 'trust', 'remove', fingerprint);
  }
  await host?.stop();
  rmSync(fakeHome, { recursive: true, force: true });
});

test('the wizard’s "New VM" path ends with a reachable endpoint enrolled by token, then the VM is deleted leaving nothing in ~/.bcm', async ({ page }) => {
  test.setTimeout(120_000);
  const dialog = await openNewVm(page, await host.link());
  await expect(dialog.getByTestId('multipass-version')).toContainText('Multipass 1.14.1');
  // the original BCM's defaults
  await expect(dialog.getByLabel('vCPUs')).toHaveValue('4');
  await expect(dialog.getByLabel('Memory')).toHaveValue('4 GiB');
  await expect(dialog.getByLabel('Disk')).toHaveValue('30 GiB');
  await expect(dialog.getByRole('combobox', { name: 'Image' })).toHaveValue('Ubuntu LTS (the newest)');
  await dialog.getByLabel('Name').fill(vmName);
  await screenshotBoth(page, 'multipass-01-form');

  await dialog.getByRole('button', { name: 'Launch VM' }).click();
  const steps = dialog.getByTestId('launch-steps');
  await expect(steps.locator('[data-step="launch"]')).toHaveAttribute('data-state', 'running');
  await expect(dialog.getByTestId('step-message-launch')).toHaveText(/Waiting for initialization to complete/, { timeout: 20_000 });
  await expect(dialog.getByRole('button', { name: 'Cancel launch' })).toBeVisible();
  await screenshotBoth(page, 'multipass-02-launching');

  await expect(dialog.getByTestId('vm-ready')).toBeVisible({ timeout: 60_000 });
  for (const step of ['preflight', 'prepare', 'launch', 'setup', 'lxd', 'enrol', 'endpoint']) {
    await expect(steps.locator(`[data-step="${step}"]`)).toHaveAttribute('data-state', 'done');
  }
  await expect(dialog.getByTestId('step-message-enrol')).toContainText('pinned');
  await screenshotBoth(page, 'multipass-03-ready');
  await dialog.getByRole('button', { name: 'Done' }).click();

  // back in the wizard, the new endpoint is chosen and reachable; on to the next step
  const option = page.getByTestId(`where-${vmName}`);
  await expect(option).toHaveAttribute('data-checked', 'true');
  await expect(option.getByTestId('reachability')).toHaveText(/Online/);
  await screenshotBoth(page, 'multipass-04-where');
  // the deploy continues on it: What, then the plan for the VM's LXD (nothing is created before Deploy)
  await page.getByRole('button', { name: 'Next: what to run' }).click();
  await nameField(page).fill(dcName);
  await page.getByTestId('chain-regtest').click();
  await chooseBackend(page, 'btcd');
  await page.getByRole('button', { name: /Advanced: base image/ }).click();
  await page.getByRole('radio', { name: 'Already on the endpoint' }).check();
  await page.getByRole('textbox', { name: 'Image alias' }).fill(IMAGE);
  await importOverrides(page, testOverrides());
  await page.getByRole('button', { name: 'Next: review the plan' }).click();
  await expect(page.getByTestId('plan-view')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(`bcm-${dcName}`).first()).toBeVisible();
  await screenshotBoth(page, 'multipass-04b-plan-on-vm');

  // the endpoint: reachable over HTTPS with the LXD version, pinned, and its VM panel
  await page.getByRole('link', { name: /Endpoints/ }).click();
  const card = page.getByTestId(`endpoint-${vmName}`);
  await expect(card.getByTestId('reachability')).toHaveText(/Online/);
  await expect(card.getByText(/LXD 5\.\d/)).toBeVisible();
  await expect(card.getByText('https://127.0.0.1:8443')).toBeVisible();
  const panel = card.getByTestId(`vm-panel-${vmName}`);
  await expect(panel.getByTestId('vm-state')).toHaveText('Running');
  await expect(panel).toContainText('4 vCPUs');
  await screenshotBoth(page, 'multipass-05-endpoint');

  await panel.getByRole('button', { name: 'Stop VM' }).click();
  await expect(panel.getByTestId('vm-state')).toHaveText('Stopped');
  await panel.getByRole('button', { name: 'Start VM' }).click();
  await expect(panel.getByTestId('vm-state')).toHaveText('Running');

  const endpointFile = join(host.home, 'endpoints', `${vmName}.json`);
  const runtimeDir = join(host.home, 'runtime', 'multipass', vmName);
  expect(existsSync(endpointFile)).toBe(true);
  expect(readdirSync(runtimeDir).sort()).toEqual(['cloud-init.yaml', 'vm.json']);

  await panel.getByRole('button', { name: 'Delete VM…' }).click();
  const confirm = page.getByRole('dialog', { name: `Delete the VM “${vmName}”?` });
  await expect(confirm.getByRole('button', { name: 'Delete VM' })).toBeDisabled();
  await expect(confirm.getByTestId('vm-datacenters')).toContainText(dcName);
  await confirm.getByLabel(`Type ${vmName} to confirm`).fill(vmName);
  await screenshotBoth(page, 'multipass-06-delete');
  await confirm.getByRole('button', { name: 'Delete VM' }).click();
  await expect(card).toHaveCount(0);
  expect(existsSync(endpointFile)).toBe(false);
  expect(existsSync(runtimeDir)).toBe(false);
  // the VM is gone from multipass, and with it the trust entry its LXD held for this app
  expect(JSON.parse(lxc('query', '/1.0/certificates?recursion=1')).map((c: { name: string }) => c.name)).not.toContain(trustNameFor(vmName, hostname()));
});

test('a first boot that fails shows cloud-init’s log, and nothing is left half-registered', async ({ page }) => {
  setFakeHost({ cloudInit: 'fail', bootSeconds: 1 });
  try {
    const dialog = await openNewVm(page, await host.link());
    await dialog.getByLabel('Name').fill(failedName);
    await dialog.getByLabel('vCPUs').fill('2');
    await dialog.getByRole('button', { name: 'Launch VM' }).click();
    await expect(dialog.getByText('The VM could not be set up')).toBeVisible({ timeout: 30_000 });
    await expect(dialog.getByTestId('cloud-init-log')).toContainText('Failed to install packages');
    await expect(dialog.getByTestId('launch-steps').locator('[data-step="setup"]')).toHaveAttribute('data-state', 'failed');
    await screenshotBoth(page, 'multipass-07-cloud-init-failed');
    expect(existsSync(join(host.home, 'endpoints', `${failedName}.json`))).toBe(false);
    expect(existsSync(join(host.home, 'runtime', 'multipass', failedName))).toBe(false);
    await dialog.getByRole('button', { name: 'Back to the settings' }).click();
    await expect(dialog.getByLabel('Name')).toHaveValue(failedName);
  } finally {
    setFakeHost({});
  }
});

test('a launch survives a page reload: the flow picks it up again, and cancelling it leaves nothing', async ({ page }) => {
  setFakeHost({ bootSeconds: 30 });
  const name = `${failedName}r`;
  try {
    let dialog = await openNewVm(page, await host.link());
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('vCPUs').fill('2');
    await dialog.getByRole('button', { name: 'Launch VM' }).click();
    await expect(dialog.getByTestId('step-message-launch')).toHaveText(/Waiting for initialization/, { timeout: 20_000 });
    await page.reload();
    await page.getByTestId('new-vm-option').click();
    dialog = page.getByRole('dialog', { name: 'New VM on this computer' });
    await expect(dialog.getByText(`A VM is being launched: ${name}`)).toBeVisible();
    await dialog.getByRole('button', { name: 'Show its progress' }).click();
    await expect(dialog.getByTestId('launch-steps').locator('[data-step="launch"]')).toHaveAttribute('data-state', 'running');
    await dialog.getByRole('button', { name: 'Cancel launch' }).click();
    await expect(dialog.getByText('Launch cancelled')).toBeVisible({ timeout: 20_000 });
    await expect(dialog.getByTestId('launch-steps').locator('[data-step="launch"]')).toHaveAttribute('data-state', 'cancelled');
    expect(existsSync(join(host.home, 'runtime', 'multipass', name))).toBe(false);
    expect(lxc('config', 'trust', 'list-tokens', '--format', 'csv')).not.toContain(name);
  } finally {
    setFakeHost({});
  }
});

test('the multipass service not running: says so, with the command to start it', async ({ page }) => {
  setFakeHost({ daemon: 'stopped' });
  try {
    const dialog = await openNewVm(page, await host.link());
    const alert = dialog.getByTestId('multipass-unavailable');
    await expect(alert).toHaveAttribute('data-state', 'daemon-down');
    await expect(alert).toContainText('sudo snap restart multipass');
    setFakeHost({});
    await alert.getByRole('button', { name: 'Check again' }).click();
    await expect(dialog.getByRole('button', { name: 'Launch VM' })).toBeVisible();
  } finally {
    setFakeHost({});
  }
});

test('multipass missing: the install command for this OS, and the local-LXD way', async ({ page }) => {
  const missing = await hostWith({ BCM_MULTIPASS: '/nonexistent/multipass' });
  try {
    const dialog = await openNewVm(page, missing.url);
    const alert = dialog.getByTestId('multipass-unavailable');
    await expect(alert).toHaveAttribute('data-state', 'missing');
    await expect(alert).toContainText('/nonexistent/multipass');
    await screenshotBoth(page, 'multipass-08-missing-configured');
  } finally {
    await missing.stop();
  }
  const none = await hostWith({ PATH: '/usr/bin:/bin', BCM_MULTIPASS: '' });
  try {
    const dialog = await openNewVm(page, none.url);
    const alert = dialog.getByTestId('multipass-unavailable');
    await expect(alert).toHaveAttribute('data-state', 'missing');
    await expect(alert).toContainText('sudo snap install multipass');
    await screenshotBoth(page, 'multipass-09-missing');
    await alert.getByRole('button', { name: 'Use this computer’s LXD instead' }).click();
    // no endpoint for it yet: the Endpoints page adds it
    await expect(page.getByRole('heading', { name: 'Endpoints' })).toBeVisible();
    await addLocalEndpoint(page);
    // once it is one, the same button picks it and the wizard stays where it was (issue 15)
    await openWizard(page);
    await page.getByTestId('new-vm-option').click();
    const again = page.getByRole('dialog', { name: 'New VM on this computer' });
    await again.getByTestId('multipass-unavailable').getByRole('button', { name: 'Use this computer’s LXD instead' }).click();
    await expect(again).toBeHidden();
    await expect(page.getByRole('heading', { name: 'New datacenter' })).toBeVisible();
    await expect(page.getByTestId('where-local')).toHaveAttribute('aria-checked', 'true');
    // the alert's title says Multipass is not installed; its text does not say it again
    await page.getByTestId('new-vm-option').click();
    await expect(again.getByTestId('multipass-unavailable')).not.toContainText('is not installed on this computer');
  } finally {
    await none.stop();
  }
});
