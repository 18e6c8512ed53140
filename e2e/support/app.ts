import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const screenshotDir = join(root, 'screenshots');

/**
 * Shows the page in a colour scheme: with the header's toggle when it can be clicked, else (under
 * a modal) by setting the attribute Mantine's CSS reads.
 */
export async function showColorScheme(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  const toggle = page.getByRole('button', { name: `Switch to ${scheme} mode` });
  if ((await page.getByRole('dialog').count()) === 0 && (await toggle.count()) > 0) await toggle.click();
  else await page.evaluate(`document.documentElement.setAttribute('data-mantine-color-scheme', '${scheme}')`);
  await page.locator(`html[data-mantine-color-scheme="${scheme}"]`).waitFor();
}

/** Screenshots of the current view in the light and the dark colour scheme, for review. */
export async function screenshotBoth(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const before = await page.locator('html').getAttribute('data-mantine-color-scheme');
  for (const scheme of ['light', 'dark'] as const) {
    await showColorScheme(page, scheme);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(250);
    await page.screenshot({ path: join(screenshotDir, `${name}-${scheme}.png`), fullPage: options.fullPage ?? false });
  }
  await showColorScheme(page, before === 'dark' ? 'dark' : 'light');
}

/** Badge and button labels on the page that are cut (shown with an ellipsis or clipped). */
export async function truncatedLabels(page: Page): Promise<string[]> {
  // a string: the e2e code is type-checked without the DOM library
  return page.evaluate(`[...document.querySelectorAll('.mantine-Badge-label, .mantine-Button-label')]
    .filter((el) => el.getClientRects().length > 0 && el.scrollWidth > el.clientWidth + 1)
    .map((el) => el.textContent ?? '')`);
}

/** Waits for the run panel's run to finish (up to 10 minutes); throws with its error unless it succeeded. */
export async function waitForRun(page: Page): Promise<void> {
  const panel = page.getByTestId('run-panel');
  await expect(panel).toHaveAttribute('data-outcome', /running|succeeded|failed/, { timeout: 30_000 });
  await expect(panel).not.toHaveAttribute('data-outcome', 'running', { timeout: 10 * 60_000 });
  if ((await panel.getAttribute('data-outcome')) !== 'succeeded') {
    throw new Error(`the run did not succeed: ${await page.getByTestId('run-error').innerText().catch(() => '(no message)')}`);
  }
}
