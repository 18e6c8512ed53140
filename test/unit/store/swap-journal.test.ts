// A restore swaps ~/.bcm with two renames. A machine that dies between them must not leave the owner
// without a store: the next start (BcmStore.open, in the app, the host and the CLI) finishes or undoes
// the swap from the journal written before it. Each crash point is reproduced on disk.
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BcmStore } from '../../../src/main/store/bcm-store';
import { journalPath, recoverSwap, writeSwapJournal } from '../../../src/main/store/swap-journal';
import { cleanup, tempDir } from '../backup/helpers';

const exists = (p: string) => stat(p).then(() => true, () => false);

describe('a restore interrupted mid-swap', () => {
  let base: string;
  let home: string;
  let staged: string;
  let aside: string;
  beforeEach(async () => {
    base = await tempDir('bcm-swap-');
    home = join(base, '.bcm');
    staged = join(base, '.bcm.restore-staging', 'store');
    aside = join(base, '.bcm.before-restore-1');
    await mkdir(home, { recursive: true });
    await writeFile(join(home, 'which'), 'old');
    await mkdir(staged, { recursive: true });
    await writeFile(join(staged, 'which'), 'restored');
    await writeSwapJournal({ home, staged, keptAside: aside });
  });
  afterEach(() => cleanup(base));

  it('after the first rename: the restored store is put in place at the next start', async () => {
    await rename(home, aside); // ... and the machine died here
    const store = new BcmStore(home);
    await store.open();
    expect(await readFile(join(home, 'which'), 'utf8')).toBe('restored');
    expect(await readFile(join(aside, 'which'), 'utf8')).toBe('old');
    expect(await exists(journalPath(home))).toBe(false);
  });

  it('after the first rename, with the staged store lost: the previous store comes back', async () => {
    await rename(home, aside);
    await cleanup(join(base, '.bcm.restore-staging'));
    expect(await recoverSwap(home)).toMatch(/previous store was put back/);
    expect(await readFile(join(home, 'which'), 'utf8')).toBe('old');
  });

  it('before any rename, or after both: the store is left as it is and the journal removed', async () => {
    expect(await recoverSwap(home)).toMatch(/had finished/);
    expect(await readFile(join(home, 'which'), 'utf8')).toBe('old');
    expect(await exists(journalPath(home))).toBe(false);
    expect(await recoverSwap(home)).toBeNull();
  });
});
