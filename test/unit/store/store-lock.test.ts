// One lock on ~/.bcm across processes. Another process (a real one: a child node holding the lock
// file, as a second BCM would) makes a change wait, and past the wait a clear error names it; a lock
// left by a process that died is taken over.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BcmStore } from '../../../src/main/store/bcm-store';
import { lockPath, withStoreLock } from '../../../src/main/store/store-lock';
import { cleanup, tempDir } from '../backup/helpers';

const exists = (p: string) => stat(p).then(() => true, () => false);

/** a second process that takes the lock the way BCM does and keeps it until killed */
function holder(home: string): Promise<ChildProcess> {
  const script = `
    const fs = require('node:fs');
    fs.writeFileSync(${JSON.stringify(lockPath(home))}, JSON.stringify({ pid: process.pid, command: 'bcm backup', since: '2026-12-05T06:00:00.000Z' }), { flag: 'wx', mode: 0o600 });
    console.log('held');
    setInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout.once('data', () => resolve(child)));
}

describe('the lock on ~/.bcm', () => {
  let base: string;
  let home: string;
  let other: ChildProcess | undefined;
  beforeEach(async () => {
    base = await tempDir('bcm-lock-');
    home = join(base, '.bcm');
  });
  afterEach(async () => {
    other?.kill('SIGKILL');
    await cleanup(base);
  });

  it('makes a change wait for another process, then runs it', async () => {
    const store = new BcmStore(home);
    await store.open();
    other = await holder(home);
    let ran = false;
    const change = store.change('Add a note', async () => {
      ran = true;
      await writeFile(join(home, 'note.txt'), 'x');
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(ran).toBe(false); // still waiting for the other process
    other.kill('SIGKILL');
    await change;
    expect(ran).toBe(true);
    expect(await exists(lockPath(home))).toBe(false);
    expect((await store.history.log(1))[0]?.message).toBe('Add a note');
  });

  it('says who holds it when the wait is over', async () => {
    other = await holder(home);
    await expect(withStoreLock(home, async () => 'never', { waitMs: 200 })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(new RegExp(`bcm backup, pid ${other.pid ?? 0}, since 2026-12-05T06:00:00.000Z`)),
    });
    expect(JSON.parse(await readFile(lockPath(home), 'utf8'))).toMatchObject({ pid: other.pid });
  });

  it('takes over a lock whose process died', async () => {
    await writeFile(lockPath(home), JSON.stringify({ pid: 2 ** 22 + 12345, command: 'bcm restore', since: 'long ago' }));
    expect(await withStoreLock(home, async () => 'done', { waitMs: 200 })).toBe('done');
    expect(await exists(lockPath(home))).toBe(false);
  });
});

describe('the lock of a store whose parent folder does not exist yet', () => {
  it('makes the folder and is taken', async () => {
    const base = await tempDir('bcm-lock-new-');
    const home = join(base, 'not', 'yet', '.bcm');
    expect(await withStoreLock(home, async () => 'ok')).toBe('ok');
    await cleanup(base);
  });
});
