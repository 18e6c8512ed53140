import { BcmError } from '../../../shared/errors';

/**
 * lnd's wallet-unlocker refusals (aezeed, walletunlocker, btcwallet messages) as errors an owner
 * can act on. Pure; the seed and passwords are never part of a message (lnd does not echo them,
 * except a single unknown word, which the owner typed and sees in the form anyway).
 */
export function walletError(err: unknown, action: 'create' | 'restore' | 'unlock' | 'genseed'): unknown {
  if (!(err instanceof BcmError)) return err;
  const m = err.message;
  const unknownWord = /word (\S+) isn't a part of default word list \(index=(\d+)\)/.exec(m);
  if (unknownWord) {
    const number = Number(unknownWord[2]) + 1;
    return new BcmError('VALIDATION', `Word ${number} ("${unknownWord[1]}") is not a seed word. Check it against your written copy.`, { wordNumber: number });
  }
  if (/checksum doesn't match|incorrect mnemonic|wrong seed version/i.test(m)) {
    return new BcmError('VALIDATION', 'lnd does not accept these 24 words: one is wrong or two are swapped. Compare them with your written copy, in order.');
  }
  if (/invalid passphrase/i.test(m) && action !== 'unlock') {
    return new BcmError('AUTH_FAILED', 'The seed passphrase does not open this seed. Type the passphrase chosen when the seed was made (leave it empty if none was).');
  }
  if (/invalid passphrase|ErrWrongPassphrase|wrong passphrase/i.test(m)) {
    return new BcmError('AUTH_FAILED', 'lnd refused that password. Type the wallet password set when the wallet was created.');
  }
  if (/wallet already exists/i.test(m)) {
    return new BcmError('CONFLICT', 'lnd already has a wallet: unlock it with its password. To replace it, its data must be removed first (its funds stay with its seed).');
  }
  if (/already unlocked|WalletUnlocker service is no longer available/i.test(m)) {
    return new BcmError('CONFLICT', "lnd's wallet is already unlocked: there is nothing to create or unlock.");
  }
  if (/password must have at least/i.test(m)) {
    return new BcmError('VALIDATION', 'lnd needs a wallet password of at least 8 characters.');
  }
  if (/channel backup|multi_chan_backup|unable to unpack/i.test(m) && action === 'restore') {
    return new BcmError('VALIDATION', `lnd could not read the channel backup (${m.replace(/^lnd: \S+: /, '')}). Restore without it; the on-chain funds come back from the seed alone.`);
  }
  return err;
}
