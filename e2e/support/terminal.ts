import type { Locator, Page } from '@playwright/test';

/** The terminal's visible lines, trimmed (xterm's DOM renderer: one div per row). */
export async function screenLines(terminal: Locator): Promise<string[]> {
  return terminal.locator('.xterm-rows > div').evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').trim()));
}

/** Clicks into the terminal and types a line, as a person would. */
export async function typeLine(page: Page, terminal: Locator, text: string): Promise<void> {
  await terminal.locator('.xterm').click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}
