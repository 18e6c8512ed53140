import { describe, expect, it } from 'vitest';
import { datacenterApps, specEntryOf } from '../../../src/main/apps/engine';
import { shipped } from './fixtures';
import { systemdArg } from '../../../src/main/apps/recipe';
import { addressesFor } from '../../../src/main/datacenter/naming';
import { planApply } from '../../../src/main/datacenter/plan';
import type { RecipeContext } from '../../../src/main/datacenter/recipe';
import { containersOf } from '../../../src/shared/datacenter/catalog';
import { datacenterSpecSchema, defaultSpec } from '../../../src/shared/datacenter/spec';

const relay = shipped('nostr-relay.yaml');
const explorer = shipped('relay-api-explorer.yaml');
const manifests = { 'nostr-relay': relay, 'relay-api-explorer': explorer };
const spec = datacenterSpecSchema.parse({ ...defaultSpec('appdc', 'local'), apps: [specEntryOf(relay), specEntryOf(explorer)] });
const addresses = addressesFor(spec);
const ctx: RecipeContext = { addresses, secrets: {}, gatewayProxy: `http://${addresses.gateway}:8888` };

describe("apps' containers in the engine", () => {
  it('gives app containers fixed addresses of their own, apart from the built-ins', () => {
    expect(containersOf(spec).filter((c) => c.component === 'app').map((c) => [c.name, c.size.memoryMiB])).toEqual([
      ['nostr-relay', 256],
      ['relay-explorer', 128],
    ]);
    const hosts = Object.values(addresses).map((a) => a.split('.').pop());
    expect(new Set(hosts).size).toBe(hosts.length);
    // adding the explorer does not move the relay
    const alone = addressesFor(datacenterSpecSchema.parse({ ...spec, apps: [specEntryOf(relay)] }));
    expect(alone['nostr-relay']).toBe(addresses['nostr-relay']);
  });

  it('renders config from facts, units from argv, and health checks without a shell', () => {
    const apps = datacenterApps(spec, manifests);
    expect(apps.blockers).toEqual([]);
    const [relayC, explorerC] = containersOf(spec).filter((c) => c.component === 'app');
    const r = apps.recipe(relayC!, ctx)!;
    expect(r.files[0]!.content).toContain(`relay_url = "ws://${addresses['nostr-relay']}:8080/"`);
    expect(r.files[0]).toMatchObject({ path: '/etc/nostr-relay/config.toml', mode: 0o640, uid: 0, gid: 2201 });
    expect(r.units[0]!.content).toContain('ExecStart=/usr/local/bin/nostr-rs-relay --config /etc/nostr-relay/config.toml --db /var/lib/nostr-relay');
    expect(r.units[0]!.content).toContain('Environment=RUST_LOG=warn,nostr_rs_relay=info\n');
    expect(r.health.command).toEqual(['curl', '-fsS', '--max-time', '10', '-H', 'Accept: application/nostr+json', 'http://127.0.0.1:8080/']);
    expect(r.volumes).toEqual([{ name: 'data', path: '/var/lib/nostr-relay', uid: 2201, gid: 2201 }]);
    const e = apps.recipe(explorerC!, ctx)!;
    expect(e.files.find((f) => f.path.endsWith('relay-openapi.json'))!.content).toContain(`"url": "http://${addresses['nostr-relay']}:8080"`);
    expect(e.units[0]!.content).toMatch(/ExecStartPre=.*dev\/tcp\/10\.[0-9.]+\/8080/);
    expect(e.artifacts[0]!.source).toMatchObject({ version: '5.35.0', url: 'https://registry.npmjs.org/swagger-ui-dist/-/swagger-ui-dist-5.35.0.tgz' });
  });

  it("takes a local build in the spec's artifacts over the manifest's pin", () => {
    const local = datacenterSpecSchema.parse({ ...spec, artifacts: { 'nostr-rs-relay': { version: '0.8.12-localbuild', sha256: 'a'.repeat(64) } } });
    const c = containersOf(local).find((x) => x.name === 'nostr-relay')!;
    expect(datacenterApps(local, manifests).recipe(c, ctx)!.artifacts[0]!.source).toEqual({ version: '0.8.12-localbuild', sha256: 'a'.repeat(64), hashSource: "supplied locally (the datacenter spec's artifacts override)" });
  });

  it('quotes systemd arguments: specifiers and spaces cannot change the command', () => {
    expect(systemdArg('/usr/bin/x')).toBe('/usr/bin/x');
    expect(systemdArg('a b')).toBe('"a b"');
    expect(systemdArg('$HOME;rm -rf /')).toBe('"$$HOME;rm -rf /"');
    expect(systemdArg('100%')).toBe('100%%');
    expect(systemdArg('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
  });

  it("blocks a manifest whose containers changed since the app was chosen, and a missing one", () => {
    const changed = datacenterSpecSchema.parse({ ...spec, apps: [{ id: 'nostr-relay', containers: [{ name: 'relay-old', size: { cpus: 1, memoryMiB: 256, diskGiB: 2 } }] }] });
    expect(datacenterApps(changed, manifests).blockers).toEqual([
      "The manifest of Nostr relay (nostr-relay) now has the containers nostr-relay, not relay-old as when it was chosen: open the datacenter's settings and save them again.",
    ]);
    expect(datacenterApps(spec, { 'nostr-relay': relay }).blockers[0]).toMatch(/The app "relay-api-explorer" is in the datacenter's settings but no valid manifest/);
  });

  it('plans an app container like any other: volume, instance, artifact, config, service, health', () => {
    const apps = datacenterApps(spec, manifests);
    const recipes = Object.fromEntries(containersOf(spec).filter((c) => c.component === 'app').map((c) => [c.name, apps.recipe(c, ctx)!]));
    const observed = { extensions: [], project: { exists: false }, networks: [], profiles: [], pool: { exists: true }, instances: [], volumes: [] } as unknown as Parameters<typeof planApply>[0]['observed'];
    const plan = planApply({ spec, observed, recipes, artifactHashes: { 'nostr-rs-relay': 'b'.repeat(64), 'swagger-ui-dist': 'c'.repeat(64) } });
    expect(plan.actions.filter((a) => a.target.startsWith('nostr-relay')).map((a) => `${a.kind} ${a.target}`)).toEqual([
      'create-volume nostr-relay-data',
      'create-instance nostr-relay',
      'start-instance nostr-relay',
      'install-artifact nostr-relay/nostr-rs-relay',
      'write-config nostr-relay',
      'enable-service nostr-relay',
      'wait-healthy nostr-relay',
    ]);
    expect(plan.actions.find((a) => a.id === 'wait-healthy:nostr-relay')?.title).toBe('Wait until Nostr relay is healthy (answers HTTP at :8080/)');
  });
});

describe('an app taken out of the settings', () => {
  it('is removed like any component: stopped and deleted, its data volume kept unless asked', () => {
    const without = datacenterSpecSchema.parse({ ...spec, apps: [] });
    const mark = { 'user.bcm.datacenter': 'appdc', 'user.bcm.component': 'app' };
    const observed = {
      extensions: [],
      project: { exists: true, datacenter: 'appdc' },
      networks: [],
      profiles: [],
      pool: { exists: true },
      instances: [{ name: 'nostr-relay', statusCode: 103, config: mark }],
      volumes: ['nostr-relay-data'],
    } as unknown as Parameters<typeof planApply>[0]['observed'];
    const plan = planApply({ spec: without, observed, recipes: {}, artifactHashes: {} });
    expect(plan.actions.filter((a) => a.target.startsWith('nostr-relay')).map((a) => `${a.kind} ${a.target}`)).toEqual(['stop-instance nostr-relay', 'delete-instance nostr-relay']);
    expect(plan.removals).toEqual([{ component: 'app', title: 'Apps', containers: ['nostr-relay'], volumes: ['nostr-relay-data'], deleteData: false }]);
  });
});
