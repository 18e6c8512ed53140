import { describe, expect, it } from 'vitest';
import { gatewayObserved, gatewayRebuilt } from './gateway-fixtures';
import { torrcWithOnion } from '../../../src/main/datacenter/remote-access/onion-files';
import { baseTorrcFor, recipeTorrcFor } from '../../../src/main/datacenter/remote-access/state';
import { WALLET_ONION_SECRET, walletOnionAddress, walletOnionPorts, walletRecord, walletTorrcFragment } from '../../../src/main/datacenter/wallet-onion/files';
import { WALLET_MARK, planWalletPairing } from '../../../src/main/datacenter/wallet-onion/plan';
import { walletGatewayState, walletTorrc } from '../../../src/main/datacenter/wallet-onion/state';
import { addressesFor } from '../../../src/main/datacenter/naming';
import { generateClientAuthKeyPair, generateOnionServiceKey } from '../../../src/main/tor/keys';
import { datacenterSpecSchema, defaultSpec, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { SECRETS, contextFor, fileOf, recipesOf, specFor } from './recipe-fixtures';

const key = generateOnionServiceKey();
const phone = { name: 'phone', publicKey: generateClientAuthKeyPair().publicKey, addedAt: '2026-01-01T00:00:00.000Z', permission: 'invoice' as const };
const on: DatacenterSpec = { ...defaultSpec('home', 'local'), walletPairing: true };

describe('the wallet onion service', () => {
  it('forwards lnd’s REST and gRPC and the node’s RPC to their containers on the internal network', () => {
    const btcd = { ...specFor('regtest', 'btcd'), walletPairing: true };
    const ports = walletOnionPorts(btcd, addressesFor(btcd));
    const a = addressesFor(btcd);
    expect(ports).toEqual([
      { port: 8080, target: `${a.lnd}:8080`, what: 'lnd-rest' },
      { port: 10009, target: `${a.lnd}:10009`, what: 'lnd-grpc' },
      { port: 18334, target: `${a.btcd}:18334`, what: 'node-rpc' },
    ]);
    const core = { ...specFor('mainnet', 'bitcoind'), walletPairing: true };
    expect(walletOnionPorts(core, addressesFor(core)).at(-1)).toMatchObject({ port: 8332, what: 'node-rpc' });
    expect(walletTorrcFragment(ports)).toBe(
      `# Wallet pairing: lnd and the node as a v3 onion service with client authorisation (BCM)\nHiddenServiceDir /var/lib/tor/bcm-wallet\nHiddenServiceVersion 3\nHiddenServicePort 8080 ${a.lnd}:8080\nHiddenServicePort 10009 ${a.lnd}:10009\nHiddenServicePort 18334 ${a.btcd}:18334\n`,
    );
  });

  it('leaves the service out of the torrc until a wallet is paired (an open service would be reachable by anyone)', () => {
    const none = walletGatewayState({ spec: on, key, clients: [], lxdActive: false });
    const one = walletGatewayState({ spec: on, key, clients: [phone], lxdActive: false });
    expect(none.torrc).toBe(recipeTorrcFor(on));
    expect(one.torrc).toContain('HiddenServiceDir /var/lib/tor/bcm-wallet');
    expect(one.record).not.toBe(none.record);
  });

  it('writes the same torrc as remote access’s step, whichever of the two runs last', () => {
    const both = { ...on, remoteAccess: true };
    // remote access's step: its base (the recipe's torrc with the wallet service) plus its own service
    expect(walletTorrc(both, true, true)).toBe(torrcWithOnion(baseTorrcFor(both, true)));
    expect(walletTorrc(both, false, true)).toBe(torrcWithOnion(baseTorrcFor(both, false)));
    expect(walletTorrc(both, true, false)).toBe(baseTorrcFor(both, true));
  });

  it('records the clients and torrc applied', () => {
    const base = { serviceId: key.serviceId, torrc: 't', clients: [phone] };
    expect(walletRecord(base)).toBe(walletRecord({ ...base }));
    expect(walletRecord(base)).not.toBe(walletRecord({ ...base, clients: [] }));
    expect(walletRecord(base)).not.toBe(walletRecord({ ...base, torrc: 'u' }));
  });

  it('reads the address from the kept key secret, and nothing from a damaged one', () => {
    expect(walletOnionAddress(JSON.stringify(key))).toBe(`${key.serviceId}.onion`);
    expect(walletOnionAddress('{')).toBeUndefined();
    expect(walletOnionAddress(JSON.stringify({ serviceId: 'short' }))).toBeUndefined();
    expect(walletOnionAddress(undefined)).toBeUndefined();
  });
});

describe('lnd with pairing on', () => {
  it('names the onion in its certificate and makes a new certificate when the names change', () => {
    const spec = { ...specFor('regtest', 'btcd'), walletPairing: true };
    const ctx = contextFor(spec, { ...SECRETS, [WALLET_ONION_SECRET]: JSON.stringify(key) });
    const { recipe } = recipesOf(spec, ctx).lnd!;
    const conf = fileOf(recipe, '/etc/lnd/lnd.conf');
    expect(conf).toContain('tlsextradomain=lnd\n');
    expect(conf).toContain(`tlsextradomain=${key.serviceId}.onion\n`);
    expect(conf).toContain('tlsautorefresh=1\n');
    expect(recipe.secrets).toContain(WALLET_ONION_SECRET);
  });

  it('is unchanged with pairing off (no new secret, same certificate)', () => {
    const spec = specFor('regtest', 'btcd');
    const { recipe } = recipesOf(spec).lnd!;
    const conf = fileOf(recipe, '/etc/lnd/lnd.conf');
    expect(conf).not.toMatch(/\.onion|tlsautorefresh/);
    expect(recipe.secrets).not.toContain(WALLET_ONION_SECRET);
  });

  it('needs lnd', () => {
    const r = datacenterSpecSchema.safeParse({ ...defaultSpec('home', 'local'), lightning: { lnd: false, clightning: false }, walletPairing: true });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['walletPairing'], message: expect.stringMatching(/needs lnd/) });
  });
});

describe('planning wallet pairing', () => {
  const off = defaultSpec('home', 'local');
  const observed = gatewayObserved;
  const update = gatewayRebuilt('update-instance');

  it('publishes when the gateway lacks the record, and not once it has it', () => {
    expect(planWalletPairing(on, observed({}), [], 'r1').map((a) => a.id)).toEqual(['publish-wallet-onion:gateway']);
    expect(planWalletPairing(on, observed({ [WALLET_MARK]: 'r1' }), [], 'r1')).toEqual([]);
    expect(planWalletPairing(on, observed({ [WALLET_MARK]: 'r0' }), [], 'r1')).toHaveLength(1);
  });

  it('publishes again when the gateway is rebuilt, and when the key is not made yet (the first plan)', () => {
    expect(planWalletPairing(on, observed({ [WALLET_MARK]: 'r1' }), [update], 'r1')).toHaveLength(1);
    // the gateway's config files written again put the recipe's torrc back, without the onion
    expect(planWalletPairing(on, observed({ [WALLET_MARK]: 'r1' }), [gatewayRebuilt('write-config')], 'r1')).toHaveLength(1);
    expect(planWalletPairing(on, observed({}), [], undefined)).toHaveLength(1);
  });

  it('withdraws when pairing is turned off, and does nothing when it never was on', () => {
    expect(planWalletPairing(off, observed({ [WALLET_MARK]: 'r1' }), [], undefined).map((a) => a.title)).toEqual([expect.stringMatching(/^Withdraw wallet pairing/)]);
    expect(planWalletPairing(off, observed({}), [], undefined)).toEqual([]);
  });
});
