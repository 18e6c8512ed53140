// `npm start`'s fallback opens the browser without putting the one-time link on a command line:
// xdg-open gets a 0600 file that forwards to it. A stand-in xdg-open (a script first on PATH)
// records the arguments it was given, as the process list would show them.
import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInBrowser, redirectPage, writeRedirectFile } from '../../../src/main/host/open-link';

const LINK = 'http://127.0.0.1:41234/#token=SECRET-one-time&x="y"';

describe('opening a link in the browser', () => {
  it('writes the link into a file only this user can read, in a folder only this user can enter', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'bcm-open-')), 'links');
    const file = await writeRedirectFile(LINK, dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe(redirectPage(LINK));
    expect(redirectPage(LINK)).toContain('content="0;url=http://127.0.0.1:41234/#token=SECRET-one-time&amp;x=&quot;y&quot;"');
  });

  it('hands xdg-open a file path, never the link', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'bcm-xdg-'));
    const record = join(bin, 'argv');
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > ${record}\n`);
    await chmod(join(bin, 'xdg-open'), 0o755);
    const path = process.env['PATH'];
    process.env['PATH'] = `${bin}:${path ?? ''}`;
    try {
      await openInBrowser(LINK);
      let argv = '';
      for (let i = 0; i < 100 && argv === ''; i++) {
        argv = await readFile(record, 'utf8').catch(() => '');
        if (argv === '') await new Promise((r) => setTimeout(r, 20));
      }
      expect(argv).not.toContain('SECRET');
      expect(argv.trim()).toMatch(/\/open-[0-9a-f]{16}\.html$/);
      expect(await readFile(argv.trim(), 'utf8')).toContain('SECRET-one-time');
    } finally {
      process.env['PATH'] = path;
    }
  });
});
