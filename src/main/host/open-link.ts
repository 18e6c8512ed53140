import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Opens a one-time link in the user's browser without putting it on a command line: `xdg-open URL`
 * would show the token in the process list to every local user. The browser gets a file instead,
 * readable only by this user, that forwards to the link; it is removed after a minute (the link
 * itself works once anyway).
 */
export function redirectPage(link: string): string {
  const safe = link.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${safe}"><title>Opening BCM…</title><p>Opening Bitcoin Cache Machine…</p>\n`;
}

/** Where the folder is made: the user's own runtime folder when the session has one, else the temp folder. */
export function redirectBase(env: NodeJS.ProcessEnv = process.env): string {
  const runtime = env['XDG_RUNTIME_DIR'];
  return runtime !== undefined && isAbsolute(runtime) ? runtime : tmpdir();
}

/**
 * Writes the forwarding page (0600) into a folder made for it alone (mkdtemp: a new name, 0700,
 * this user's), never into a folder that already exists: in a shared /tmp another local user could
 * have made a predictable one first, and would own it.
 */
export async function writeRedirectFile(link: string, base = redirectBase()): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(base, 'bcm-open-'));
  const file = join(dir, 'open.html');
  await writeFile(file, redirectPage(link), { mode: 0o600, flag: 'wx' });
  return { dir, file };
}

export async function openInBrowser(link: string): Promise<void> {
  const { dir, file } = await writeRedirectFile(link);
  const opener = spawn('xdg-open', [file], { stdio: 'ignore', detached: true });
  opener.on('error', () => undefined);
  opener.unref();
  setTimeout(() => void rm(dir, { recursive: true, force: true }), 60_000).unref();
}
