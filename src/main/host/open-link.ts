import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Opens a one-time link in the user's browser without putting it on a command line: `xdg-open URL`
 * would show the token in the process list to every local user. The browser gets a file instead,
 * readable only by this user (0600 in a 0700 folder), that forwards to the link; the file is removed
 * after a minute (the link itself works once anyway).
 */
export function redirectPage(link: string): string {
  const safe = link.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${safe}"><title>Opening BCM…</title><p>Opening Bitcoin Cache Machine…</p>\n`;
}

export async function writeRedirectFile(link: string, dir = join(tmpdir(), `bcm-${userInfo().uid}`)): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `open-${randomBytes(8).toString('hex')}.html`);
  await writeFile(file, redirectPage(link), { mode: 0o600, flag: 'wx' });
  return file;
}

export async function openInBrowser(link: string): Promise<void> {
  const file = await writeRedirectFile(link);
  const opener = spawn('xdg-open', [file], { stdio: 'ignore', detached: true });
  opener.on('error', () => undefined);
  opener.unref();
  setTimeout(() => void rm(file, { force: true }), 60_000).unref();
}
