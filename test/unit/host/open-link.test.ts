// `npm start`'s fallback opens the browser without putting the one-time link on a command line:
// xdg-open gets a 0600 file that forwards to it. A stand-in xdg-open (a script first on PATH)
// records the arguments it was given, as the process list would show them.
import { chmod, mkdir, mkdtemp as makeTemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openInBrowser, redirectBase, redirectPage, writeRedirectFile } from '../../../src/main/host/open-link';

const LINK = 'http://127.0.0.1:41234/#token=SECRET-one-time&x="y"';
const saved = { PATH: process.env['PATH'], XDG_RUNTIME_DIR: process.env['XDG_RUNTIME_DIR'] };
const made: string[] = [];
/** a temp folder of this test, removed after it */
async function mkdtemp(prefix: string): Promise<string> {
  const dir = await makeTemp(prefix);
  made.push(dir);
  return dir;
}

afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('opening a link in the browser', () => {
  it('writes the link into a file only this user can read, in a new folder only this user can enter', async () => {
    const base = await mkdtemp(join(tmpdir(), 'bcm-open-test-'));
    const { dir, file } = await writeRedirectFile(LINK, base);
    expect(dirname(dir)).toBe(base);
    expect(dirname(file)).toBe(dir);
    const folder = await stat(dir);
    expect(folder.mode & 0o777).toBe(0o700);
    expect(folder.uid).toBe(process.getuid?.());
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe(redirectPage(LINK));
    expect(redirectPage(LINK)).toContain('content="0;url=http://127.0.0.1:41234/#token=SECRET-one-time&amp;x=&quot;y&quot;"');
  });

  it('never writes into a folder that was there before (in a shared /tmp another user could have made it)', async () => {
    const base = await mkdtemp(join(tmpdir(), 'bcm-open-test-'));
    // what another local user could prepare: a world-writable folder with a name one could predict
    const squatted = join(base, `bcm-${process.getuid?.() ?? 0}`);
    await mkdir(squatted, { mode: 0o777 });
    await chmod(squatted, 0o777);
    const first = await writeRedirectFile(LINK, base);
    const second = await writeRedirectFile(LINK, base);
    expect(first.dir).not.toBe(second.dir);
    for (const { dir } of [first, second]) expect(dir).not.toBe(squatted);
    expect(await readdir(squatted)).toEqual([]);
  });

  it("uses the session's own runtime folder when there is one", () => {
    expect(redirectBase({ XDG_RUNTIME_DIR: '/run/user/1000' })).toBe('/run/user/1000');
    expect(redirectBase({})).toBe(tmpdir());
    expect(redirectBase({ XDG_RUNTIME_DIR: 'relative/dir' })).toBe(tmpdir());
  });

  it('hands xdg-open a file path, never the link', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'bcm-xdg-'));
    const record = join(bin, 'argv');
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > ${record}\n`);
    await chmod(join(bin, 'xdg-open'), 0o755);
    process.env['PATH'] = `${bin}:${saved.PATH ?? ''}`;
    process.env['XDG_RUNTIME_DIR'] = await mkdtemp(join(tmpdir(), 'bcm-runtime-'));
    await openInBrowser(LINK);
    let argv = '';
    for (let i = 0; i < 100 && argv === ''; i++) {
      argv = await readFile(record, 'utf8').catch(() => '');
      if (argv === '') await new Promise((r) => setTimeout(r, 20));
    }
    expect(argv).not.toContain('SECRET');
    expect(argv.trim().startsWith(`${process.env['XDG_RUNTIME_DIR']}/bcm-open-`)).toBe(true);
    expect(argv.trim()).toMatch(/\/bcm-open-[^/]+\/open\.html$/);
    expect(await readFile(argv.trim(), 'utf8')).toContain('SECRET-one-time');
  });
});
