import { describe, expect, it } from 'vitest';
import { gatewayObserved, gatewayRebuilt } from './gateway-fixtures';
import { defaultSpec, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { HS_DIR, authFile, authFileName, expandedKeyOf, onionRecord, parseHostname, secretKeyFile, torrcFragment, torrcWithOnion } from '../../../src/main/datacenter/remote-access/onion-files';
import { ONION_MARK, planRemoteAccess } from '../../../src/main/datacenter/remote-access/plan-onion';
import { baseTorrcFor, gatewayState } from '../../../src/main/datacenter/remote-access/state';
import { generateClientAuthKeyPair, generateOnionServiceKey } from '../../../src/main/tor/keys';

const key = generateOnionServiceKey();
const client = { name: 'laptop', publicKey: generateClientAuthKeyPair().publicKey, addedAt: '2026-01-01T00:00:00.000Z' };

describe('onion service files for the gateway’s Tor', () => {
  it('writes the secret key in Tor’s tagged 96-byte form', () => {
    const file = secretKeyFile(key.privateKey);
    expect(file.length).toBe(96);
    expect(file.subarray(0, 29).toString('latin1')).toBe('== ed25519v1-secret: type0 ==');
    expect(file.subarray(29, 32)).toEqual(Buffer.alloc(3));
    expect(file.subarray(32)).toEqual(Buffer.from(key.privateKey.slice('ED25519-V3:'.length), 'base64'));
  });

  it('refuses a damaged key with a next step', () => {
    expect(() => expandedKeyOf('ED25519-V3:AAAA')).toThrow(/damaged.*backup/);
    expect(() => expandedKeyOf('RSA1024:abc')).toThrow(/damaged/);
  });

  it('writes one authorised client as descriptor:x25519:<KEY>', () => {
    expect(authFile(client.publicKey)).toBe(`descriptor:x25519:${client.publicKey.toUpperCase()}\n`);
    expect(authFile(client.publicKey)).toMatch(/^descriptor:x25519:[A-Z2-7]{52}\n$/);
    expect(() => authFile('short')).toThrow();
    expect(authFileName('laptop-2')).toBe('laptop-2.auth');
    expect(() => authFileName('../etc/passwd')).toThrow(/not a valid client name/);
  });

  it('adds a v3 service for LXD’s port to the gateway’s torrc', () => {
    expect(torrcFragment()).toBe(`# Remote access: the LXD API as a v3 onion service with client authorisation (BCM)\nHiddenServiceDir ${HS_DIR}\nHiddenServiceVersion 3\nHiddenServicePort 8443 127.0.0.1:8443\n`);
    const full = torrcWithOnion('SocksPort 9050\n\n\n');
    expect(full.startsWith('SocksPort 9050\n\n# Remote access')).toBe(true);
    expect(full.match(/HiddenServiceDir/g)).toHaveLength(1);
  });

  it('reads Tor’s hostname file', () => {
    expect(parseHostname(`${key.serviceId}.onion\n`)).toBe(key.serviceId);
    expect(parseHostname('nonsense')).toBeUndefined();
  });

  it('records what was applied: any change of clients, target or torrc changes the record', () => {
    const base = { serviceId: key.serviceId, torrc: 'x', connect: '127.0.0.1:8443', clients: [client] };
    expect(onionRecord(base)).toBe(onionRecord({ ...base }));
    expect(onionRecord(base)).not.toBe(onionRecord({ ...base, clients: [] }));
    expect(onionRecord(base)).not.toBe(onionRecord({ ...base, connect: '10.0.0.1:8443' }));
    expect(onionRecord(base)).not.toBe(onionRecord({ ...base, torrc: 'y' }));
  });
});

describe('gateway state', () => {
  const spec = defaultSpec('home', 'local');
  const baseTorrc = baseTorrcFor(spec, false);

  it('starts from the gateway recipe’s torrc (control port on loopback, SOCKS for the services)', () => {
    expect(baseTorrc).toContain('ControlPort 127.0.0.1:9051');
    expect(baseTorrc).not.toContain('HiddenService');
  });

  it('leaves the service out while no client is authorised (Tor would publish an open one)', () => {
    const none = gatewayState({ key, clients: [], connect: '127.0.0.1:8443', baseTorrc });
    expect(none.torrc).toBe(baseTorrc);
    const one = gatewayState({ key, clients: [client], connect: '127.0.0.1:8443', baseTorrc });
    expect(one.torrc).toContain('HiddenServicePort 8443 127.0.0.1:8443');
    expect(one.record).not.toBe(none.record);
  });
});

describe('planning remote access', () => {
  const on: DatacenterSpec = { ...defaultSpec('home', 'local'), remoteAccess: true };
  const off = defaultSpec('home', 'local');
  const observed = gatewayObserved;
  const create = gatewayRebuilt('create-instance');

  it('publishes when the gateway lacks the record, and not once it has it', () => {
    expect(planRemoteAccess(on, observed({}), [], { record: 'r1' }).actions.map((a) => a.id)).toEqual(['publish-onion:gateway']);
    expect(planRemoteAccess(on, observed({ [ONION_MARK]: 'r1' }), [], { record: 'r1' }).actions).toEqual([]);
    expect(planRemoteAccess(on, observed({ [ONION_MARK]: 'r0' }), [], { record: 'r1' }).actions).toHaveLength(1);
  });

  it('publishes again when the gateway is (re)created, whatever its old record', () => {
    expect(planRemoteAccess(on, observed({ [ONION_MARK]: 'r1' }), [create], { record: 'r1' }).actions).toHaveLength(1);
    expect(planRemoteAccess(on, observed({ [ONION_MARK]: 'r1' }), [gatewayRebuilt('write-config')], { record: 'r1' }).actions).toHaveLength(1);
  });

  it('blocks with the reason when LXD does not listen on the network', () => {
    const result = planRemoteAccess(on, observed({}), [], { blocker: 'LXD does not listen' });
    expect(result).toEqual({ actions: [], blockers: ['LXD does not listen'] });
  });

  it('withdraws when turned off, and plans nothing for a datacenter that never had it', () => {
    expect(planRemoteAccess(off, observed({ [ONION_MARK]: 'r1' }), [], undefined).actions.map((a) => a.title)).toEqual([expect.stringMatching(/^Withdraw remote access/)]);
    expect(planRemoteAccess(off, observed({}), [], undefined)).toEqual({ actions: [], blockers: [] });
  });
});
