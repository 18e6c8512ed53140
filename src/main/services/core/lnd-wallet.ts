import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LND_NETWORK } from '../../../shared/datacenter/clis';
import { lndWalletMode, type DatacenterSpec } from '../../../shared/datacenter/spec';
import { BcmError } from '../../../shared/errors';
import type { ChannelBackupOffer, WalletSetup } from '../../../shared/services/lnd-wallet';
import type { WalletState } from '../../../shared/services/lightning';
import type { LightningAdapter } from '../lightning/adapter';

export interface LndWalletDeps {
  /** lnd's adapter and the spec of a datacenter (made and kept by ServicesService) */
  lnd(datacenter: string): Promise<{ adapter: LightningAdapter; spec: DatacenterSpec }>;
  /** tells the dashboards something changed */
  changed(datacenter: string, what: string): void;
  secrets: { read(key: string): Promise<string | undefined>; write(key: string, value: string): Promise<void>; remove(key: string): Promise<void> };
  /** ~/.bcm/recovery: where a restored BCM backup puts its channel backups (<stamp>/<dc>/<node>/<network>/<file>) */
  recoveryDir?: string;
}

export interface InitWalletInput {
  password: string;
  words: string[];
  seedPassphrase: string;
  recoveryWindow: number;
  useChannelBackup: boolean;
  autoUnlock: boolean;
}

/** The stored wallet password (auto-unlock only): one 0600 file in ~/.bcm/secrets. */
export const autoUnlockSecret = (datacenter: string): string => `dc.${datacenter}.lnd-wallet-password`;

/** Attempts to auto-unlock one datacenter's lnd at most this often (a wrong stored password is not hammered). */
const AUTO_UNLOCK_EVERY_MS = 60_000;

/**
 * lnd's wallet as its owner makes it: a seed (handed out once, kept nowhere), the wallet from a
 * seed (new or restored, with a channel backup from a restored BCM backup), unlock, and the opt-in
 * auto-unlock (the password stored in ~/.bcm/secrets). Nothing here logs a seed or a password.
 */
export class LndWallet {
  private readonly lastAutoUnlock = new Map<string, number>();

  constructor(private readonly deps: LndWalletDeps) {}

  private async owned(datacenter: string): Promise<{ adapter: LightningAdapter; spec: DatacenterSpec }> {
    const lnd = await this.deps.lnd(datacenter);
    if (lndWalletMode(lnd.spec) !== 'owner') {
      throw new BcmError('PRECONDITION_FAILED', `lnd in ${datacenter} makes its own wallet without a seed (regtest, managed). To create one with a seed, turn on "create the wallet myself" in the datacenter's Lightning settings and apply.`);
    }
    return lnd;
  }

  async setup(datacenter: string, wallet: WalletState): Promise<WalletSetup> {
    const { spec } = await this.deps.lnd(datacenter);
    return {
      canCreate: lndWalletMode(spec) === 'owner' && wallet.state === 'none',
      channelBackup: await this.channelBackupOffer(datacenter, spec),
      autoUnlock: (await this.deps.secrets.read(autoUnlockSecret(datacenter))) !== undefined,
    };
  }

  async genSeed(datacenter: string, seedPassphrase: string): Promise<string[]> {
    const { adapter } = await this.owned(datacenter);
    if (!adapter.genSeed) throw new BcmError('PRECONDITION_FAILED', 'Only lnd makes seeds.');
    return adapter.genSeed(seedPassphrase);
  }

  async initWallet(datacenter: string, input: InitWalletInput): Promise<{ channelBackup: boolean }> {
    const { adapter, spec } = await this.owned(datacenter);
    if (!adapter.initWallet) throw new BcmError('PRECONDITION_FAILED', 'Only lnd has a wallet to create.');
    let channelBackup: Buffer | undefined;
    if (input.useChannelBackup) {
      const offer = await this.channelBackupOffer(datacenter, spec);
      if (!offer) throw new BcmError('NOT_FOUND', 'There is no channel backup of this lnd on this computer any more: restore without it.');
      channelBackup = await readFile(offer.path);
    }
    await adapter.initWallet({
      password: input.password,
      words: input.words,
      seedPassphrase: input.seedPassphrase,
      recoveryWindow: input.recoveryWindow,
      ...(channelBackup ? { channelBackup } : {}),
    });
    await this.remember(datacenter, input.autoUnlock ? input.password : undefined);
    this.deps.changed(datacenter, input.recoveryWindow > 0 ? 'wallet restored' : 'wallet created');
    return { channelBackup: channelBackup !== undefined };
  }

  async unlock(datacenter: string, password: string, autoUnlock: boolean): Promise<void> {
    const { adapter } = await this.deps.lnd(datacenter);
    if (!adapter.unlock) throw new BcmError('PRECONDITION_FAILED', 'Only lnd has a wallet to unlock.');
    await adapter.unlock(password);
    if (autoUnlock) await this.remember(datacenter, password);
    this.deps.changed(datacenter, 'wallet unlocked');
  }

  /** a fresh on-chain address of lnd's wallet (to fund it) */
  async newAddress(datacenter: string): Promise<string> {
    return (await this.deps.lnd(datacenter)).adapter.newAddress();
  }

  async autoUnlockOff(datacenter: string): Promise<void> {
    await this.remember(datacenter, undefined);
  }

  /**
   * Called when a read finds lnd locked: unlocks with the stored password, when the owner opted
   * in. Never throws. Only a failed attempt holds back the next one (a wrong stored password is
   * not hammered: at most once a minute); no password stored, or a success, holds nothing back, so
   * opting in, or the next restart, unlocks at the next read.
   */
  async autoUnlock(datacenter: string, now = Date.now()): Promise<boolean> {
    const password = await this.deps.secrets.read(autoUnlockSecret(datacenter)).catch(() => undefined);
    if (password === undefined) return false;
    const last = this.lastAutoUnlock.get(datacenter);
    if (last !== undefined && now - last < AUTO_UNLOCK_EVERY_MS) return false;
    // set before the call: reads in the meantime do not send it again
    this.lastAutoUnlock.set(datacenter, now);
    try {
      await this.unlock(datacenter, password, false);
      this.lastAutoUnlock.delete(datacenter);
      return true;
    } catch {
      return false;
    }
  }

  private async remember(datacenter: string, password: string | undefined): Promise<void> {
    // a new password is worth a try at once, whatever the last one met
    this.lastAutoUnlock.delete(datacenter);
    if (password === undefined) await this.deps.secrets.remove(autoUnlockSecret(datacenter));
    else await this.deps.secrets.write(autoUnlockSecret(datacenter), password);
  }

  /** The newest lnd channel backup of this datacenter that a restored BCM backup left in ~/.bcm/recovery. */
  private async channelBackupOffer(datacenter: string, spec: DatacenterSpec): Promise<ChannelBackupOffer | null> {
    const dir = this.deps.recoveryDir;
    if (!dir) return null;
    const stamps = await readdir(dir).catch(() => [] as string[]);
    for (const s of stamps.sort().reverse()) {
      const path = join(dir, s, datacenter, 'lnd', LND_NETWORK[spec.chain], 'channel.backup');
      const st = await stat(path).catch(() => null);
      if (st?.isFile()) return { path, restoredAt: restoredAt(s), bytes: st.size };
    }
    return null;
  }
}

/** "20261205-171500" (local time, as the restore names it) to an ISO time, or null. */
function restoredAt(stamp: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/.exec(stamp);
  if (!m) return null;
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi, se).toISOString();
}
