import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinDrivers, builtinManifestSchema, type BuiltinDriver } from '../../../src/shared/apps/builtin';
import { builtinManifestFiles } from '../../../src/shared/apps/builtin-manifests.generated';
import { builtinContainerNames, builtinManifests } from '../../../src/shared/apps/builtins';
import { appManifestSchema } from '../../../src/shared/apps/manifest';
import { formatIssue, parseBuiltinManifest, parseManifest } from '../../../src/shared/apps/parse';
import { resolveApps } from '../../../src/shared/apps/resolve';
import { artifacts } from '../../../src/shared/datacenter/artifacts';
import { catalog, containersOf, enabledComponents, estimate } from '../../../src/shared/datacenter/catalog';
import { CLI_PATHS } from '../../../src/shared/datacenter/clis';
import { chains, datacenterSpecSchema, defaultSpec, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { BITCOIND_CHAIN, BTCD_PORTS, KAFKA_PORTS, PORTS, USERS } from '../../../src/main/datacenter/components';
import { KAFKA_USER } from '../../../src/main/datacenter/components/kafka';
import { addressesFor } from '../../../src/main/datacenter/naming';
import { walletOnionPorts } from '../../../src/main/datacenter/wallet-onion/files';
import { appFacts } from '../../../src/main/apps/facts';
import { ADDRESSES, contextFor, recipesOf } from '../datacenter/recipe-fixtures';

const DIR = 'apps/builtin';
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
const yamlOf = (f: string): unknown => parse(readFileSync(join(DIR, f), 'utf8'));

/** Everything on: Bitcoin Core, both Lightning nodes, three Kafka brokers, logging. */
const full: DatacenterSpec = datacenterSpecSchema.parse({
  schemaVersion: 1,
  name: 'full',
  endpoint: 'local',
  chain: 'signet',
  bitcoin: { implementation: 'bitcoind' },
  lightning: { lnd: true, clightning: true, lndWallet: 'owner' },
  kafka: { enabled: true, brokers: 3 },
  logging: true,
});

describe('the built-in components’ manifests (apps/builtin)', () => {
  it('ship one valid manifest per built-in driver, named after it', () => {
    expect(files).toEqual(builtinDrivers.map((d) => `${d}.yaml`).sort());
    for (const f of files) {
      const parsed = parseBuiltinManifest(readFileSync(join(DIR, f), 'utf8'));
      // a broken manifest fails here with its file, line and column
      expect(parsed.ok ? [] : parsed.issues.map((i) => formatIssue(`${DIR}/${f}`, i)), f).toEqual([]);
      if (parsed.ok) expect(parsed.manifest.spec.builtin.driver, f).toBe(f.replace('.yaml', ''));
    }
    const broken = parseBuiltinManifest(readFileSync(join(DIR, 'lnd.yaml'), 'utf8').replace('memoryMiB: 1024', 'memoryMiB: 64'));
    expect(broken.ok ? [] : broken.issues.map((i) => [i.line, i.path])).toEqual([[25, 'spec.containers.0.size.memoryMiB']]);
  });

  it('reach the code through a generated module that is current (node scripts/gen-builtin-manifests.mjs)', () => {
    expect(builtinManifestFiles).toEqual(Object.fromEntries(files.map((f) => [f, yamlOf(f)])));
    // the exact text too: exits 1, naming the module, when it is stale
    expect(() => execFileSync(process.execPath, ['scripts/gen-builtin-manifests.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('are refused as user apps, and an app manifest never passes as a built-in', () => {
    const r = parseManifest(readFileSync(join(DIR, 'lnd.yaml'), 'utf8'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.find((i) => i.path === 'spec.builtin')).toMatchObject({ line: 16, message: expect.stringContaining("Only BCM's own manifests") });
    expect(builtinManifestSchema.safeParse(parse(readFileSync('apps/nostr-relay.yaml', 'utf8'))).success).toBe(false);
    expect(appManifestSchema.safeParse(parse(readFileSync('apps/nostr-relay.yaml', 'utf8'))).success).toBe(true);
  });

  it('refuse an onion port that is not one of the container’s ports, a required app that is no built-in, and a driver that is not the id', () => {
    const lnd = yamlOf('lnd.yaml') as { metadata: { id: string }; spec: { containers: Array<{ onion: Array<{ port: string }> }> } };
    lnd.spec.containers[0]!.onion[0]!.port = 'admin';
    const bad = builtinManifestSchema.safeParse(lnd);
    expect(bad.success ? [] : bad.error.issues.map((i) => i.message)).toEqual(['No port named "admin" in this container\'s ports.']);
    const needsApp = yamlOf('btcd.yaml') as { spec: { requires: { apps: string[] } } };
    needsApp.spec.requires.apps = ['nostr-relay'];
    const refused = builtinManifestSchema.safeParse(needsApp);
    expect(refused.success ? [] : refused.error.issues.map((i) => i.message)).toEqual([expect.stringContaining('A built-in requires only built-ins, and "nostr-relay" is none')]);
    const renamed = yamlOf('kafka.yaml') as { metadata: { id: string } };
    renamed.metadata.id = 'kafka-two';
    const wrong = builtinManifestSchema.safeParse(renamed);
    expect(wrong.success ? [] : wrong.error.issues.map((i) => i.message)).toEqual(['A built-in\'s driver is its id ("kafka-two").']);
  });

  it('name only artifacts that src/shared/datacenter/artifacts.ts pins', () => {
    for (const d of builtinDrivers) for (const a of catalog[d].artifacts(full)) expect(artifacts[a], `${d}: ${a}`).toBeDefined();
    expect(catalog.bitcoind.artifacts(full)).toEqual(['bitcoin-core']);
    expect(catalog.clightning.artifacts(full)).toEqual(['core-lightning']);
  });
});

describe('the catalog derived from the manifests', () => {
  it('gives the planner its containers, sizes, order and the gateway alone outbound', () => {
    expect(enabledComponents(full)).toEqual(['gateway', 'bitcoind', 'lnd', 'clightning', 'kafka', 'logging']);
    expect(containersOf(full).map((c) => [c.name, c.component, c.size.cpus, c.size.memoryMiB, c.size.diskGiB, c.outbound])).toEqual([
      ['gateway', 'gateway', 1, 512, 4, true],
      ['bitcoind', 'bitcoind', 2, 2048, 8, false],
      ['lnd', 'lnd', 1, 1024, 4, false],
      ['clightning', 'clightning', 1, 1024, 4, false],
      ['kafka-01', 'kafka', 1, 1536, 6, false],
      ['kafka-02', 'kafka', 1, 1536, 6, false],
      ['kafka-03', 'kafka', 1, 1536, 6, false],
    ]);
    expect(catalog.lnd.title).toBe('LND');
    expect(catalog.logging.containers(full)).toEqual([]);
  });

  it('derives dependencies from required apps and roles: lnd follows whichever node the spec runs', () => {
    const btcd: DatacenterSpec = { ...defaultSpec('dc', 'local'), bitcoin: { implementation: 'btcd', pruneMiB: 0, txindex: false } };
    expect(catalog.lnd.dependsOn(btcd)).toEqual(['btcd']);
    expect(catalog.lnd.dependsOn(full)).toEqual(['bitcoind']);
    expect(catalog.clightning.dependsOn(full)).toEqual(['bitcoind']);
    expect(catalog.logging.dependsOn(full)).toEqual(['kafka']);
    expect(catalog.gateway.dependsOn(full)).toEqual([]);
  });

  it('estimates data per chain, pruning and index from the volumes', () => {
    const disk = (spec: DatacenterSpec) => Object.fromEntries(estimate(spec).perComponent.map((c) => [c.kind, c.diskGiB]));
    expect(disk(full)).toEqual({ gateway: 4 + 1, bitcoind: 8 + 25, lnd: 4 + 10, clightning: 4 + 10, kafka: 3 * (6 + 5), logging: 0 });
    const main = { ...full, chain: 'mainnet' as const };
    expect(catalog.bitcoind.dataGiB(main)).toBe(720);
    expect(catalog.bitcoind.dataGiB({ ...main, bitcoin: { ...main.bitcoin, txindex: true } })).toBe(720 + 58);
    expect(catalog.bitcoind.dataGiB({ ...main, bitcoin: { ...main.bitcoin, pruneMiB: 10_240 } })).toBe(20);
    expect(catalog.lnd.dataGiB({ ...full, chain: 'regtest' })).toBe(1);
  });

  it('are the one source of the recipes’ ports, users and volumes', () => {
    expect(USERS.bitcoind).toEqual({ name: 'bitcoin', uid: 2102, home: '/var/lib/bitcoind' });
    expect([KAFKA_USER.home, CLI_PATHS.lndHome, CLI_PATHS.lightningHome]).toEqual(['/var/lib/kafka', '/var/lib/lnd', '/var/lib/lightning']);
    for (const chain of chains) {
      const node = builtinManifests.bitcoind.spec.containers[0]!.ports;
      expect(BITCOIND_CHAIN[chain].rpc).toBe(node.find((p) => p.name === 'rpc')!.byChain?.[chain] ?? 8332);
    }
    expect(BITCOIND_CHAIN.regtest).toMatchObject({ rpc: 18443, p2p: 18444 });
    expect(BTCD_PORTS.mainnet).toEqual({ rpc: 8334, p2p: 8333 });
    expect(BTCD_PORTS.signet).toEqual({ rpc: 38332, p2p: 38333 });
    expect(PORTS).toEqual({ proxy: 8888, socks: 9050, torControl: 9051, lndP2p: 9735, lndGrpc: 10009, lndRest: 8080, clnP2p: 9735, zmqRawBlock: 28332, zmqRawTx: 28333 });
    expect([CLI_PATHS.kafkaPort, KAFKA_PORTS.controller]).toEqual([9092, 9093]);
    // each recipe attaches exactly the volumes its manifest declares, as the manifest's user
    const recipes = recipesOf(full);
    for (const { container, recipe } of Object.values(recipes)) {
      if (container.component === 'app' || container.component === 'logging') continue;
      const c = builtinManifests[container.component].spec.containers[0]!;
      expect(recipe.volumes.map((v) => v.path), container.name).toEqual(c.volumes.map((v) => v.path));
      for (const v of recipe.volumes) expect(v.uid, container.name).toBe(c.user?.uid);
      // it installs the artifacts its manifest names, and a tool of a built-in it requires at most
      // (Core Lightning's bitcoin-cli from Bitcoin Core's release)
      const own = builtinManifests[container.component].spec.builtin.artifacts;
      const borrowed = builtinManifests[container.component].spec.requires.apps.flatMap((d) => catalog[d as BuiltinDriver].artifacts(full));
      const installed = [...new Set(recipe.artifacts.map((a) => a.artifact))];
      expect(installed.filter((a) => !borrowed.includes(a)).sort(), container.name).toEqual([...own].sort());
    }
  });

  it('declare the ports wallet pairing publishes over its onion service, per chain and node', () => {
    const btcd: DatacenterSpec = { ...full, chain: 'mainnet', bitcoin: { implementation: 'btcd', pruneMiB: 0, txindex: false }, lightning: { ...full.lightning, clightning: false } };
    const a = addressesFor(btcd);
    expect(walletOnionPorts(btcd, a)).toEqual([
      { port: 8080, target: `${a.lnd}:8080`, what: 'lnd-rest' },
      { port: 10009, target: `${a.lnd}:10009`, what: 'lnd-grpc' },
      { port: 8334, target: `${a.btcd}:8334`, what: 'node-rpc' },
    ]);
    // Core Lightning publishes nothing; without lnd only the node's RPC is declared
    const noLnd = { ...full, lightning: { ...full.lightning, lnd: false } };
    expect(walletOnionPorts(noLnd, addressesFor(noLnd))).toEqual([{ port: 38332, target: `${addressesFor(noLnd).bitcoind}:38332`, what: 'node-rpc' }]);
  });
});

describe('the resolver with the built-ins as providers', () => {
  const app = (id: string, requires: { roles?: string[]; apps?: string[] }, container = id) =>
    appManifestSchema.parse({
      apiVersion: 'bcm/v1',
      kind: 'App',
      metadata: { id, title: id.toUpperCase(), description: 'test app', version: '1' },
      spec: { requires, containers: [{ name: container, size: { cpus: 1, memoryMiB: 128, diskGiB: 1 }, user: { name: 'svc', uid: 2300 }, health: { tcp: { port: 1 } } }] },
    });

  it('lets an app require a built-in by id, and names the one to turn on when it is off', () => {
    const spec = defaultSpec('dc', 'local'); // bitcoind + lnd
    expect(resolveApps(spec, ['wallet'], { wallet: app('wallet', { apps: ['lnd'] }) }).blockers).toEqual([]);
    expect(resolveApps(spec, ['cln-ui'], { 'cln-ui': app('cln-ui', { apps: ['clightning'] }) }).blockers).toEqual([
      'CLN-UI (cln-ui) requires Core Lightning, which is off in this datacenter: turn it on.',
    ]);
    const noLightning = { ...spec, lightning: { lnd: false, clightning: false } };
    expect(resolveApps(noLightning, ['pay'], { pay: app('pay', { roles: ['lightning'] }) }).blockers).toEqual([
      'PAY (pay) requires the role "lightning", and nothing in this datacenter provides it: turn on LND or Core Lightning.',
    ]);
  });

  it('gives an app the facts of the built-in providing each role it requires, from the manifests', () => {
    const spec: DatacenterSpec = { ...full, chain: 'regtest', kafka: { enabled: true, brokers: 3 } };
    const manifest = app('watcher', { roles: ['bitcoin-node', 'lightning', 'kafka'] });
    const ctx = { ...contextFor(spec), addresses: { ...contextFor(spec).addresses, 'kafka-01': '10.70.4.21', 'kafka-02': '10.70.4.22', 'kafka-03': '10.70.4.23' } };
    const roles = Object.fromEntries(Object.entries(appFacts(spec, ctx, { manifest, container: 'watcher', apps: { watcher: manifest } })).filter(([k]) => k.startsWith('role.')));
    expect(roles).toEqual({
      'role.bitcoin-node.host': ADDRESSES.bitcoind,
      'role.bitcoin-node.implementation': 'bitcoind',
      'role.bitcoin-node.rpc-port': '18443',
      'role.bitcoin-node.p2p-port': '18444',
      'role.bitcoin-node.zmq-rawblock-port': '28332',
      'role.bitcoin-node.zmq-rawtx-port': '28333',
      // lnd before Core Lightning when both run
      'role.lightning.host': ADDRESSES.lnd,
      'role.lightning.implementation': 'lnd',
      'role.lightning.p2p-port': '9735',
      'role.lightning.grpc-port': '10009',
      'role.lightning.rest-port': '8080',
      'role.kafka.bootstrap': '10.70.4.21:9092,10.70.4.22:9092,10.70.4.23:9092',
    });
    const btcd: DatacenterSpec = { ...spec, bitcoin: { implementation: 'btcd', pruneMiB: 0, txindex: false }, lightning: { ...spec.lightning, clightning: false } };
    const node = appFacts(btcd, contextFor(btcd), { manifest, container: 'watcher', apps: { watcher: manifest } });
    expect([node['role.bitcoin-node.implementation'], node['role.bitcoin-node.rpc-port']]).toEqual(['btcd', '18334']);
  });

  it('reserves every container name a built-in may use, Kafka’s third broker included', () => {
    expect(builtinContainerNames()).toEqual(['gateway', 'bitcoind', 'btcd', 'lnd', 'clightning', 'kafka-01', 'kafka-02', 'kafka-03']);
    const r = resolveApps(defaultSpec('dc', 'local'), ['mq'], { mq: app('mq', {}, 'kafka-03') });
    expect(r.blockers).toEqual(['MQ (mq) wants a container named "kafka-03", a name BCM\'s own components use: the app\'s manifest must choose another.']);
  });
});
