import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LndWallet, autoUnlockSecret } from '../../../src/main/services/core/lnd-wallet';
import type { InitWalletRequest, LightningAdapter } from '../../../src/main/services/lightning/adapter';
import { layout } from '../../../src/main/store/paths';
import { SecretStore } from '../../../src/main/store/secrets';
import { datacenterSpecSchema, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { BcmError } from '../../../src/shared/errors';

// LndWallet's own logic on a real ~/.bcm in a temp folder; lnd itself is the integration test's
// (test/integration/datacenter/lnd-wallet.test.ts). Here lnd is a recorder of what it was asked.
const spec = (lndWallet?: 'owner' | 'managed'): DatacenterSpec =>
  datacenterSpecSchema.parse({
    schemaVersion: 1,
    name: 'home',
    endpoint: 'local',
    chain: 'regtest',
    bitcoin: { implementation: 'btcd' },
    lightning: { lnd: true, clightning: false, ...(lndWallet ? { lndWallet } : {}) },
    kafka: { enabled: false, brokers: 1 },
    logging: false,
  });

describe('LndWallet', () => {
  let home: string;
  let secrets: SecretStore;
  let inits: InitWalletRequest[];
  let unlocks: string[];
  let changes: string[];
  const wallet = (s: DatacenterSpec) =>
    new LndWallet({
      lnd: async () => ({
        spec: s,
        adapter: {
          initWallet: async (r: InitWalletRequest) => void inits.push(r),
          unlock: async (p: string) => {
            unlocks.push(p);
            if (p !== 'the password') throw new BcmError('AUTH_FAILED', 'lnd refused that password.');
          },
        } as unknown as LightningAdapter,
      }),
      changed: (_dc, what) => changes.push(what),
      secrets,
      recoveryDir: join(home, 'recovery'),
    });

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'bcm-wallet-'));
    secrets = new SecretStore(layout(home));
    inits = [];
    unlocks = [];
    changes = [];
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('offers the newest restored channel backup of this datacenter and hands its bytes to lnd', async () => {
    for (const [stampDir, bytes] of [['20261101-100000', 'old'], ['20261204-090000', 'new']] as const) {
      await mkdir(join(home, 'recovery', stampDir, 'home', 'lnd', 'regtest'), { recursive: true });
      await writeFile(join(home, 'recovery', stampDir, 'home', 'lnd', 'regtest', 'channel.backup'), bytes);
    }
    const w = wallet(spec('owner'));
    const setup = await w.setup('home', { state: 'none', detail: 'NON_EXISTING' });
    expect(setup).toMatchObject({ canCreate: true, autoUnlock: false, channelBackup: { path: join(home, 'recovery', '20261204-090000', 'home', 'lnd', 'regtest', 'channel.backup'), bytes: 3 } });
    const words = Array.from({ length: 24 }, () => 'abandon');
    expect(await w.initWallet('home', { password: 'the password', words, seedPassphrase: '', recoveryWindow: 2500, useChannelBackup: true, autoUnlock: false })).toEqual({ channelBackup: true });
    expect(inits[0]?.channelBackup?.toString()).toBe('new');
    expect(changes).toEqual(['wallet restored']);
    await expect(stat(join(layout(home).secrets, autoUnlockSecret('home')))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it("a managed (seed-less, regtest) wallet cannot be made by the owner and says how to change that", async () => {
    const w = wallet(spec());
    expect((await w.setup('home', { state: 'none', detail: 'NON_EXISTING' })).canCreate).toBe(false);
    await expect(w.genSeed('home', '')).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringContaining('create the wallet myself') });
  });

  it('auto-unlock: opted in, the password is a 0600 file; a locked lnd is unlocked with it at once, a refusal retried at most once a minute', async () => {
    const w = wallet(spec('owner'));
    expect(await w.autoUnlock('home', 0)).toBe(false); // not opted in: nothing stored, nothing sent
    expect(unlocks).toEqual([]);
    await w.unlock('home', 'the password', true);
    expect((await stat(join(layout(home).secrets, autoUnlockSecret('home')))).mode & 0o777).toBe(0o600);
    // opting in a second after a read found nothing stored: the next lock is unlocked at once
    expect(await w.autoUnlock('home', 1_000)).toBe(true);
    // and so is the next restart's, a second later: a success holds nothing back
    expect(await w.autoUnlock('home', 2_000)).toBe(true);
    await secrets.write(autoUnlockSecret('home'), 'changed since');
    expect(await w.autoUnlock('home', 240_000)).toBe(false);
    expect(await w.autoUnlock('home', 250_000)).toBe(false); // within the minute: not asked again
    expect(await w.autoUnlock('home', 300_001)).toBe(false); // a minute later: asked again
    expect(unlocks).toEqual(['the password', 'the password', 'the password', 'changed since', 'changed since']);
    await w.autoUnlockOff('home');
    expect((await w.setup('home', { state: 'unlocked', detail: 'SERVER_ACTIVE' })).autoUnlock).toBe(false);
  });
});
