import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * A restore replaces ~/.bcm with two renames (the current store aside, the restored one in place);
 * Linux offers no atomic exchange of two folders to Node. If the machine dies between them there
 * would be no ~/.bcm. So the swap is written down first (`~/.bcm.swap.json`, beside the store) and
 * every start (app, browser host, CLI) finishes or undoes a half-done swap before it opens the store:
 * the restored store goes in place if it is complete, else the one kept aside comes back.
 */
const journalSchema = z.object({ home: z.string(), staged: z.string(), keptAside: z.string().nullable() });
export type SwapJournal = z.infer<typeof journalSchema>;

export const journalPath = (home: string): string => `${home}.swap.json`;

const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );

export async function writeSwapJournal(j: SwapJournal): Promise<void> {
  const tmp = `${journalPath(j.home)}.tmp`;
  await writeFile(tmp, JSON.stringify(j), { mode: 0o600 });
  await rename(tmp, journalPath(j.home));
}

export async function clearSwapJournal(home: string): Promise<void> {
  await rm(journalPath(home), { force: true });
}

/** What start-up did about a half-done swap, in words (null: there was none). */
export async function recoverSwap(home: string): Promise<string | null> {
  const text = await readFile(journalPath(home), 'utf8').catch(() => null);
  if (text === null) return null;
  const parsed = journalSchema.safeParse(JSON.parse(text));
  if (!parsed.success || parsed.data.home !== home) {
    await clearSwapJournal(home);
    return null;
  }
  const j = parsed.data;
  let said: string;
  if (await exists(home)) {
    said = `A restore had finished swapping ${home}; its journal was removed.`;
  } else if (await exists(j.staged)) {
    await rename(j.staged, home);
    said = `A restore was interrupted mid-swap: the restored store was put in place at ${home}${j.keptAside ? ` (the previous one is kept at ${j.keptAside})` : ''}.`;
  } else if (j.keptAside && (await exists(j.keptAside))) {
    await rename(j.keptAside, home);
    said = `A restore was interrupted mid-swap and its restored store is gone: the previous store was put back at ${home}.`;
  } else {
    said = `A restore was interrupted mid-swap and neither store was found; ${home} will start empty.`;
  }
  await clearSwapJournal(home);
  return said;
}
