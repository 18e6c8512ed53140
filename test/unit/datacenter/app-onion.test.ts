import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datacenterApps, specEntryOf } from '../../../src/main/apps/engine';
import { appOnionMark, appTorrcFragment, declaredOnion, markedAppOnions, torrcWithApps, undeclaredOnionBlockers, wantedAppOnions } from '../../../src/main/datacenter/app-onion/files';
import { planAppOnions } from '../../../src/main/datacenter/app-onion/plan';
import { appOnionState, type ActiveOnions } from '../../../src/main/datacenter/app-onion/state';
import { addressesFor } from '../../../src/main/datacenter/naming';
import { torrcWithOnion } from '../../../src/main/datacenter/remote-access/onion-files';
import { baseTorrcFor, recipeTorrcFor } from '../../../src/main/datacenter/remote-access/state';
import { walletTorrc } from '../../../src/main/datacenter/wallet-onion/state';
import { generateClientAuthKeyPair, generateOnionServiceKey } from '../../../src/main/tor/keys';
import type { AppManifest } from '../../../src/shared/apps/manifest';
import { parseManifest } from '../../../src/shared/apps/parse';
import { datacenterSpecSchema, defaultSpec, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { gatewayObserved, gatewayRebuilt } from './gateway-fixtures';

function shipped(file: string): AppManifest {
  const parsed = parseManifest(readFileSync(join(__dirname, '../../../apps', file), 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.manifest;
}

const relay = shipped('nostr-relay.yaml');
const manifests = { 'nostr-relay': relay };
const RELAY = { container: 'nostr-relay', port: 8080 };
const withOnion = (onion: Array<{ container: string; port: number }>): DatacenterSpec =>
  datacenterSpecSchema.parse({ ...defaultSpec('home', 'local'), apps: [{ ...specEntryOf(relay), onion }] });
const on = withOnion([RELAY]);
const relayOnion = wantedAppOnions(on, addressesFor(on))[0]!;
const key = generateOnionServiceKey();
const phone = { name: 'phone', publicKey: generateClientAuthKeyPair().publicKey, addedAt: '2026-01-01T00:00:00.000Z' };
const none: ActiveOnions = { wallet: false, lxd: false, apps: [], appClients: new Map() };

describe('app onions', () => {
  it('publishes only what the spec turns on, forwarding to the app container’s fixed address', () => {
    expect(wantedAppOnions(withOnion([]), addressesFor(on))).toEqual([]);
    expect(relayOnion).toEqual({ app: 'nostr-relay', container: 'nostr-relay', port: 8080, id: 'nostr-relay-8080', target: `${addressesFor(on)['nostr-relay']}:8080` });
    expect(appTorrcFragment(relayOnion)).toBe(
      `# App onion nostr-relay-8080: a v3 onion service with client authorisation (BCM)\nHiddenServiceDir /var/lib/tor/bcm-app-nostr-relay-8080\nHiddenServiceVersion 3\nHiddenServicePort 8080 ${relayOnion.target}\n`,
    );
  });

  it('allows only ports the manifest declares: main blocks the plan for any other', () => {
    expect(declaredOnion(relay, RELAY)).toMatchObject({ description: expect.stringMatching(/websocket/) });
    expect(declaredOnion(relay, { container: 'nostr-relay', port: 22 })).toBeUndefined();
    expect(declaredOnion(relay, { container: 'other', port: 8080 })).toBeUndefined();
    expect(undeclaredOnionBlockers(on, manifests)).toEqual([]);
    const bad = withOnion([{ container: 'nostr-relay', port: 22 }]);
    expect(undeclaredOnionBlockers(bad, manifests)).toEqual([expect.stringMatching(/^Nostr relay \(nostr-relay\) does not declare port 22 of nostr-relay/)]);
    expect(datacenterApps(bad, manifests).blockers).toEqual(undeclaredOnionBlockers(bad, manifests));
  });

  it('leaves the service out of the torrc until it has a client (an open service would be reachable by anyone)', () => {
    expect(appOnionState(on, none, relayOnion, key, []).torrc).toBe(recipeTorrcFor(on));
    const one = appOnionState(on, none, relayOnion, key, [phone]);
    expect(one.torrc).toBe(torrcWithApps(recipeTorrcFor(on), [relayOnion]));
    expect(one.record).not.toBe(appOnionState(on, none, relayOnion, key, []).record);
  });

  it('writes the same torrc as remote access’s and wallet pairing’s steps, whichever runs last', () => {
    const all = { ...on, remoteAccess: true };
    const active: ActiveOnions = { wallet: false, lxd: true, apps: [relayOnion], appClients: new Map([[relayOnion.id, [phone]]]) };
    const torrc = appOnionState(all, active, relayOnion, key, [phone]).torrc;
    expect(torrc).toBe(torrcWithOnion(baseTorrcFor(all, false, [relayOnion])));
    expect(torrc).toBe(walletTorrc(all, false, true, [relayOnion]));
    expect(torrc.match(/HiddenServiceDir/g)).toHaveLength(2);
  });
});

describe('planning app onions', () => {
  const wanted = [{ onion: relayOnion, title: 'Nostr relay', record: 'r1' }];

  it('publishes when the gateway lacks the record or is rebuilt, and not once it has it', () => {
    expect(planAppOnions(on, gatewayObserved({}), [], { wanted }).map((a) => [a.id, a.kind, a.target])).toEqual([['publish-app-onion:nostr-relay-8080', 'publish-app-onion', 'gateway']]);
    expect(planAppOnions(on, gatewayObserved({}), [], { wanted })[0]?.title).toMatch(/^Publish Nostr relay's port 8080 \(nostr-relay\) as an onion service/);
    expect(planAppOnions(on, gatewayObserved({ [appOnionMark('nostr-relay-8080')]: 'r1' }), [], { wanted })).toEqual([]);
    expect(planAppOnions(on, gatewayObserved({ [appOnionMark('nostr-relay-8080')]: 'r1' }), [gatewayRebuilt('update-instance')], { wanted })).toHaveLength(1);
    expect(planAppOnions(on, gatewayObserved({ [appOnionMark('nostr-relay-8080')]: 'r1' }), [gatewayRebuilt('write-config')], { wanted })).toHaveLength(1);
  });

  it('withdraws an onion the gateway carries that the spec no longer publishes', () => {
    const marked = gatewayObserved({ [appOnionMark('nostr-relay-8080')]: 'r1', 'user.bcm.step.onion': 'x' });
    expect(markedAppOnions(marked.instances[0]!.config)).toEqual(['nostr-relay-8080']);
    expect(planAppOnions(withOnion([]), marked, [], { wanted: [] }).map((a) => [a.id, a.title])).toEqual([['publish-app-onion:nostr-relay-8080', expect.stringMatching(/^Withdraw the app onion nostr-relay-8080/)]]);
    expect(planAppOnions(withOnion([]), gatewayObserved({}), [], { wanted: [] })).toEqual([]);
  });
});
