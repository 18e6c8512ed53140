import { describe, expect, it } from 'vitest';
import { BcmError } from '../../../src/shared/errors';
import { AEZEED_WORDS } from '../../../src/shared/services/aezeed-words';
import { confirmPositions, mnemonicProblem, passwordStrength, splitMnemonic, unknownWords } from '../../../src/shared/services/lnd-wallet';
import { walletError } from '../../../src/main/services/lightning/lnd-wallet-errors';

const lnd = (message: string) => new BcmError('INTERNAL', `lnd: /v1/initwallet: ${message}`);

describe('seed words', () => {
  it("aezeed's list is BIP-39 English: 2048 distinct words from abandon to zoo", () => {
    expect(AEZEED_WORDS).toHaveLength(2048);
    expect(new Set(AEZEED_WORDS).size).toBe(2048);
    expect([AEZEED_WORDS[0], AEZEED_WORDS[2047]]).toEqual(['abandon', 'zoo']);
  });

  it('pasted words split on spaces, new lines and commas, numbering dropped', () => {
    expect(splitMnemonic(' 1. Abandon  2. ability,\n3) able ')).toEqual(['abandon', 'ability', 'able']);
  });

  it('says which word number is not a seed word, and counts', () => {
    const words = Array.from({ length: 24 }, (_, i) => AEZEED_WORDS[i * 10]!);
    expect(mnemonicProblem(words)).toBeNull();
    words[6] = 'bitcoinz';
    expect(unknownWords(words)).toEqual([{ number: 7, word: 'bitcoinz' }]);
    expect(mnemonicProblem(words)).toBe('Word 7 ("bitcoinz") is not a seed word.');
    expect(mnemonicProblem(words.slice(0, 7).concat(['zoo']).slice(7))).toBe('1 word: an lnd seed has 24.');
  });

  it('confirm positions are distinct and sorted', () => {
    const seq = [0.5, 0.5, 0.01, 0.99];
    let i = 0;
    expect(confirmPositions(3, () => seq[i++]!)).toEqual([0, 12, 23]);
  });

  it('password strength is a hint by length and variety', () => {
    expect(passwordStrength('short').level).toBe(0);
    expect(passwordStrength('abcdefgh').level).toBe(1);
    expect(passwordStrength('abcdefghijkl').level).toBe(2);
    expect(passwordStrength('correct horse battery').level).toBe(3);
  });
});

describe("lnd's wallet refusals", () => {
  it('an unknown word: its number from 1', () => {
    const e = walletError(lnd("word bitcoinz isn't a part of default word list (index=6)"), 'restore') as BcmError;
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('Word 7 ("bitcoinz")');
    expect(e.detail).toEqual({ wordNumber: 7 });
  });

  it('checksum, seed passphrase, wallet password, wallet exists', () => {
    expect((walletError(lnd("mnemonic phrase checksum doesn't match"), 'restore') as BcmError).message).toContain('one is wrong or two are swapped');
    expect((walletError(lnd('invalid passphrase'), 'restore') as BcmError).message).toContain('seed passphrase');
    expect((walletError(lnd('invalid passphrase for master private key'), 'unlock') as BcmError).message).toContain('refused that password');
    expect((walletError(lnd('wallet already exists'), 'create') as BcmError).code).toBe('CONFLICT');
  });

  it('anything else passes through unchanged', () => {
    const e = lnd('something new');
    expect(walletError(e, 'create')).toBe(e);
  });
});
