import { z } from 'zod';
import { AEZEED_WORDS } from './aezeed-words';

/**
 * lnd's wallet as its owner makes it: a 24-word aezeed seed (optionally with a seed passphrase),
 * a wallet password, and for a restore a recovery window and a static channel backup. Pure: the
 * schemas of the channels and the checks the forms run before lnd is asked.
 */

export const SEED_WORDS = 24;
/** lnd refuses shorter wallet passwords */
export const MIN_WALLET_PASSWORD = 8;
/** lnd's own default look-ahead when a restore gives none */
export const DEFAULT_RECOVERY_WINDOW = 2500;

export const walletPasswordSchema = z.string().min(MIN_WALLET_PASSWORD, `At least ${MIN_WALLET_PASSWORD} characters (lnd refuses shorter ones).`).max(1024);
export const seedPassphraseSchema = z.string().max(1024);
export const mnemonicSchema = z.array(z.string().regex(/^[a-z]+$/)).length(SEED_WORDS);

/** What genseed gives: shown once, never kept by BCM. */
export const generatedSeedSchema = z.object({ words: mnemonicSchema });
export type GeneratedSeed = z.infer<typeof generatedSeedSchema>;

export const walletSetupSchema = z.object({
  /** false: lnd is not waiting for a wallet (it has one, or it makes its own on regtest) */
  canCreate: z.boolean(),
  /** a channel backup BCM can offer for a restore (from a restored BCM backup), without its bytes */
  channelBackup: z.object({ path: z.string(), restoredAt: z.string().nullable(), bytes: z.number().int().nonnegative() }).nullable(),
  autoUnlock: z.boolean(),
});
export type WalletSetup = z.infer<typeof walletSetupSchema>;
export type ChannelBackupOffer = NonNullable<WalletSetup['channelBackup']>;

/** Splits pasted words (spaces, new lines, commas, "1. word" numbering) into lower-case words. */
export function splitMnemonic(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s,;]+/)
    .map((w) => w.replace(/^\d+[.):]?/, ''))
    .filter((w) => w.length > 0);
}

const WORD_SET = new Set(AEZEED_WORDS);

export interface MnemonicIssue {
  /** 1-based, as the owner numbers the words */
  number: number;
  word: string;
}

/** The words that are not in aezeed's list, numbered from 1. */
export function unknownWords(words: readonly string[]): MnemonicIssue[] {
  return words.flatMap((word, i) => (WORD_SET.has(word) ? [] : [{ number: i + 1, word }]));
}

/** One line on what is wrong with pasted words, or null when there are 24 known words. */
export function mnemonicProblem(words: readonly string[]): string | null {
  const unknown = unknownWords(words);
  if (unknown.length > 0) {
    return unknown
      .slice(0, 3)
      .map((u) => `word ${u.number} ("${u.word}") is not a seed word`)
      .join('; ')
      .replace(/^./, (c) => c.toUpperCase()) + (unknown.length > 3 ? ` (and ${unknown.length - 3} more)` : '') + '.';
  }
  if (words.length !== SEED_WORDS) return `${words.length} word${words.length === 1 ? '' : 's'}: an lnd seed has ${SEED_WORDS}.`;
  return null;
}

/** `count` distinct word positions (0-based, sorted) for the owner to confirm, from `random` in [0, 1). */
export function confirmPositions(count: number, random: () => number, total = SEED_WORDS): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(count, total)) picked.add(Math.floor(random() * total));
  return [...picked].sort((a, b) => a - b);
}

export type PasswordStrength = { level: 0 | 1 | 2 | 3; label: string };

/** A rough hint (length and variety), not a promise: a long passphrase of words beats both. */
export function passwordStrength(password: string): PasswordStrength {
  if (password.length < MIN_WALLET_PASSWORD) return { level: 0, label: `Too short: at least ${MIN_WALLET_PASSWORD} characters` };
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  const score = (password.length >= 16 ? 2 : password.length >= 12 ? 1 : 0) + (kinds >= 3 ? 1 : 0);
  if (score >= 2) return { level: 3, label: 'Strong' };
  if (score === 1) return { level: 2, label: 'Fair: longer is better' };
  return { level: 1, label: 'Weak: use 12 or more characters, or several words' };
}
