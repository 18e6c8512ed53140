import { execFileSync } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namesFor } from '../../../src/main/datacenter/naming';
import { serviceCli } from '../../../src/shared/datacenter/clis';
import { autoUnlockSecret } from '../../../src/main/services/core/lnd-wallet';
import { ServicesService } from '../../../src/main/services/core/service';
import { layout } from '../../../src/main/store/paths';
import { SecretStore } from '../../../src/main/store/secrets';
import { datacenterSpecSchema } from '../../../src/shared/datacenter/spec';
import { AEZEED_WORDS } from '../../../src/shared/services/aezeed-words';
import type { LightningSnapshot } from '../../../src/shared/services/lightning';
import { removeTestDatacenter } from '../../support/remove-datacenter';
import { payFromCoinbase } from '../../support/regtest-funds';
import { harness, regtestSpec, type Harness } from './harness';

// lnd's wallet the way an owner makes it on mainnet (no noseedbackup), on a regtest datacenter
// (gateway + btcd + lnd) on the real LXD: a seed from lnd, the wallet from it, funds mined to it,
// then lnd's data wiped and the wallet restored from the same 24 words with its on-chain balance.
const NAME = `bcm13w${process.pid % 10000}`;
const names = namesFor(NAME);
const PASSWORD = 'correct horse battery staple';

const lxcExec = (container: string, ...cmd: string[]): string =>
  execFileSync('lxc', ['exec', '--project', names.project, container, '--', ...cmd], { encoding: 'utf8', timeout: 60_000 });
const btcctl = (...args: string[]): string => lxcExec('btcd', '/usr/local/bin/btcctl', '--configfile=/etc/btcd/btcctl.conf', ...args).trim();

/** Polls a state that converges (lnd starting, a block being noticed); returns the last reading. */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

const confirmed = (s: LightningSnapshot): number | null => (s.balances.ok ? s.balances.value.onchainConfirmedSat : null);

describe("lnd's wallet made by its owner (the mainnet path) on a regtest datacenter", () => {
  let h: Harness;
  let services: ServicesService;
  let words: string[] = [];
  const paid = 4_999_000_000; // 49.99 BTC of a 50 BTC coinbase

  beforeAll(async () => {
    h = await harness();
    const base = await regtestSpec(NAME, 'local');
    await h.service.save(datacenterSpecSchema.parse({ ...base, lightning: { ...base.lightning, lndWallet: 'owner' } }), false);
    const { done } = await h.service.apply(NAME);
    await done;
    const status = await h.service.status(NAME);
    expect(status.components.find((c) => c.kind === 'lnd')?.health).toBe('healthy');
    await mkdir(join(h.home, 'recovery'), { recursive: true });
    services = new ServicesService({ datacenters: h.service, registry: h.registry, secrets: new SecretStore(layout(h.home)), recoveryDir: join(h.home, 'recovery') });
  }, 600_000);
  afterAll(async () => {
    services?.close();
    removeTestDatacenter(names);
    await h?.close();
  });

  it('lnd waits for a wallet: no seed-less wallet, BCM offers to create one', async () => {
    expect(lxcExec('lnd', 'cat', '/etc/lnd/lnd.conf')).not.toContain('noseedbackup');
    const ln = await until(() => services.lightning(NAME, 'lnd'), (s) => s.wallet.state === 'none');
    expect(ln.wallet).toEqual({ state: 'none', detail: 'NON_EXISTING' });
    expect(ln.health).toMatchObject({ state: 'nowallet', reason: expect.stringContaining('create or restore it here') });
    expect(await services.wallet.setup(NAME, ln.wallet)).toEqual({ canCreate: true, channelBackup: null, autoUnlock: false });
  });

  it('genseed gives 24 aezeed words; a wrong word is named by its number', async () => {
    words = await services.wallet.genSeed(NAME, '');
    expect(words).toHaveLength(24);
    for (const w of words) expect(AEZEED_WORDS).toContain(w);
    const wrong = words.map((w, i) => (i === 4 ? 'bitcoinz' : w));
    await expect(services.wallet.initWallet(NAME, { password: PASSWORD, words: wrong, seedPassphrase: '', recoveryWindow: 0, useChannelBackup: false, autoUnlock: false })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('Word 5 ("bitcoinz")'),
    });
  });

  it('initwallet creates the wallet: unlocked, getinfo answers, nothing stored by BCM', async () => {
    await services.wallet.initWallet(NAME, { password: PASSWORD, words, seedPassphrase: '', recoveryWindow: 0, useChannelBackup: false, autoUnlock: false });
    const ln = await until(() => services.lightning(NAME, 'lnd'), (s) => s.info.ok);
    expect(ln.wallet.state).toBe('unlocked');
    expect(ln.info).toMatchObject({ ok: true, value: { alias: `bcm-${NAME}` } });
    await expect(stat(join(layout(h.home).secrets, autoUnlockSecret(NAME)))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(services.wallet.initWallet(NAME, { password: PASSWORD, words, seedPassphrase: '', recoveryWindow: 0, useChannelBackup: false, autoUnlock: false })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('funds mined to its address show as its confirmed on-chain balance', async () => {
    // block 1's coinbase matures, and segwit activates (btcd's regtest signals it by BIP 9: 3 windows of 144 blocks)
    await services.mine(NAME, 500);
    // btcd's createrawtransaction pays only P2PKH and P2SH addresses: lnd's nested segwit (np2wkh)
    expect(await services.wallet.newAddress(NAME)).toMatch(/^bcrt1q/);
    const address = (JSON.parse(lxcExec('lnd', ...serviceCli('lnd', 'regtest')!.command, 'newaddress', 'np2wkh')) as { address: string }).address;
    payFromCoinbase(btcctl, 1, address, paid / 1e8);
    await services.mine(NAME, 1);
    const ln = await until(() => services.lightning(NAME, 'lnd'), (s) => confirmed(s) === paid);
    expect(confirmed(ln)).toBe(paid);
  }, 120_000);

  it('after a restart lnd is locked; a wrong password is refused, the right one unlocks', async () => {
    lxcExec('lnd', 'systemctl', 'restart', 'lnd');
    const locked = await until(() => services.lightning(NAME, 'lnd'), (s) => s.wallet.state === 'locked');
    expect(locked.wallet.state).toBe('locked');
    await expect(services.wallet.unlock(NAME, 'not the password', false)).rejects.toMatchObject({ code: 'AUTH_FAILED', message: expect.stringContaining('refused that password') });
    await services.wallet.unlock(NAME, PASSWORD, false);
    const ln = await until(() => services.lightning(NAME, 'lnd'), (s) => confirmed(s) === paid);
    expect(ln.wallet.state).toBe('unlocked');
  }, 120_000);

  it('auto-unlock (opt-in): the password in a 0600 file, and a restarted lnd is unlocked by BCM itself', async () => {
    lxcExec('lnd', 'systemctl', 'restart', 'lnd');
    await until(() => services.lightning(NAME, 'lnd'), (s) => s.wallet.state === 'locked');
    await services.wallet.unlock(NAME, PASSWORD, true);
    const file = await stat(join(layout(h.home).secrets, autoUnlockSecret(NAME)));
    expect(file.mode & 0o777).toBe(0o600);
    lxcExec('lnd', 'systemctl', 'restart', 'lnd');
    // reads find it locked and unlock it with the stored password
    const ln = await until(() => services.lightning(NAME, 'lnd'), (s) => s.wallet.state === 'unlocked' && s.info.ok);
    expect(ln.wallet.state).toBe('unlocked');
    await services.wallet.autoUnlockOff(NAME);
    await expect(stat(join(layout(h.home).secrets, autoUnlockSecret(NAME)))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 180_000);

  it("lnd's data wiped, the wallet restored from the same 24 words: the on-chain balance comes back", async () => {
    lxcExec('lnd', 'systemctl', 'stop', 'lnd');
    lxcExec('lnd', 'rm', '-rf', '/var/lib/lnd/data');
    lxcExec('lnd', 'systemctl', 'start', 'lnd');
    const none = await until(() => services.lightning(NAME, 'lnd'), (s) => s.wallet.state === 'none');
    expect(none.wallet.state).toBe('none');
    await services.wallet.initWallet(NAME, { password: PASSWORD, words, seedPassphrase: '', recoveryWindow: 200, useChannelBackup: false, autoUnlock: false });
    const ln = await until(() => services.lightning(NAME, 'lnd'), (s) => confirmed(s) === paid, 180_000);
    expect(ln.wallet.state).toBe('unlocked');
    expect(confirmed(ln)).toBe(paid);
  }, 240_000);
});
