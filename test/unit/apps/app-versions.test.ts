import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datacenterApps, specEntryOf } from '../../../src/main/apps/engine';
import { MARK, addressesFor, hashOf } from '../../../src/main/datacenter/naming';
import type { RecipeContext } from '../../../src/main/datacenter/recipe';
import { componentVersions, type VersionsAppInfo } from '../../../src/main/datacenter/versions';
import { containersOf } from '../../../src/shared/datacenter/catalog';
import { datacenterSpecSchema, defaultSpec, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { chosenArtifact, withVersion } from '../../../src/shared/datacenter/versions';
import { pendingChange, upgradeTarget } from '../../../src/renderer/datacenters/versions/logic';
import { shipped } from './fixtures';
import { parseManifest } from '../../../src/shared/apps/parse';

// Issue 14, gap 1: an app's artifact versions (its manifest's pins) are chosen, listed and switched
// like a built-in's: the spec's `versions` pin (or `artifacts` local build), the same report rows.

const relay = shipped('nostr-relay.yaml');
const explorer = shipped('relay-api-explorer.yaml');
const manifests = { 'nostr-relay': relay, 'relay-api-explorer': explorer };
const base = datacenterSpecSchema.parse({ ...defaultSpec('appdc', 'local'), apps: [specEntryOf(relay), specEntryOf(explorer)] });
const SHA_5_35 = '1b8e891893404ea4c3558b6a87e2a3e494e7eedba41168c2ece5800a391a6ea6';
const SHA_5_32 = '3c30bfe83d09763d14b4c88df0beade8ca162087a2fa5db3f34472f231ab3ba9';

function recipes(spec: DatacenterSpec) {
  const apps = datacenterApps(spec, manifests);
  const addresses = addressesFor(apps.spec);
  const ctx: RecipeContext = { addresses, secrets: {}, gatewayProxy: `http://${addresses.gateway}:8888` };
  const out = Object.fromEntries(containersOf(apps.spec).filter((c) => c.component === 'app').flatMap((c) => {
    const r = apps.recipe(c, ctx);
    return r ? [[c.name, r] as const] : [];
  }));
  return { apps, recipes: out };
}

const info = (source: VersionsAppInfo['source']): VersionsAppInfo[] => [
  { id: 'nostr-relay', title: 'Nostr relay', source: 'builtin', publisher: 'Bitcoin Cache Machine', containers: [{ name: 'nostr-relay' }] },
  { id: 'relay-api-explorer', title: 'Relay API explorer', source, publisher: 'Someone Else', containers: [{ name: 'relay-explorer' }] },
];

describe("an app's artifact versions", () => {
  it("installs the manifest's newest by default, the pinned one once switched, with its URL and pin", () => {
    const { recipes: byDefault } = recipes(base);
    expect(byDefault['relay-explorer']!.artifacts[0]!.source).toMatchObject({ version: '5.35.0', sha256: SHA_5_35 });
    expect(byDefault['relay-explorer']!.artifacts[0]!.releases?.map((r) => r.version)).toEqual(['5.35.0', '5.32.0']);

    const switched = withVersion(base, 'swagger-ui-dist', { source: 'release', version: '5.32.0' });
    expect(switched.versions).toEqual({ 'swagger-ui-dist': '5.32.0' });
    expect(datacenterSpecSchema.parse(switched)).toEqual(switched); // the saved spec keeps the pin
    const { recipes: pinned, apps } = recipes(switched);
    expect(apps.blockers).toEqual([]);
    expect(pinned['relay-explorer']!.artifacts[0]!.source).toEqual({
      version: '5.32.0',
      sha256: SHA_5_32,
      url: 'https://registry.npmjs.org/swagger-ui-dist/-/swagger-ui-dist-5.32.0.tgz',
      hashSource: 'the npm registry\'s tarball of swagger-ui-dist 5.32.0 (npm pack swagger-ui-dist@5.32.0; sha256sum)',
    });
    // the same choice as a built-in's, from the manifest's list
    expect(chosenArtifact(switched, 'swagger-ui-dist', explorer.spec.artifacts[0]!.versions)).toEqual({ name: 'swagger-ui-dist', version: '5.32.0', sha256: SHA_5_32, source: 'release' });
  });

  it('a local build of an app artifact is the override, and switching back to a release drops it', () => {
    const local = withVersion(base, 'swagger-ui-dist', { source: 'local', version: '5.36.0-mine', sha256: 'd'.repeat(64) });
    expect(recipes(local).recipes['relay-explorer']!.artifacts[0]!.source).toEqual({ version: '5.36.0-mine', sha256: 'd'.repeat(64), hashSource: "supplied locally (the datacenter spec's artifacts override)" });
    const back = withVersion(local, 'swagger-ui-dist', { source: 'release', version: '5.35.0' });
    expect(back.artifacts).toEqual({});
    expect(recipes(back).recipes['relay-explorer']!.artifacts[0]!.source?.sha256).toBe(SHA_5_35);
  });

  it('a pin the manifest does not have is a blocker naming the versions it has; the app is not rendered', () => {
    const { apps, recipes: r } = recipes({ ...base, versions: { 'swagger-ui-dist': '4.0.0' } });
    expect(r['relay-explorer']).toBeUndefined();
    expect(apps.blockers).toEqual([
      'This datacenter pins swagger-ui-dist 4.0.0 for Relay API explorer (relay-api-explorer), and its manifest pins only 5.35.0, 5.32.0: choose one of them in the Versions card.',
    ]);
  });

  it('reports an app row beside the built-ins: its title and publisher, installed, wanted and the versions its manifest pins', () => {
    const spec = withVersion(base, 'swagger-ui-dist', { source: 'release', version: '5.32.0' });
    const { recipes: r } = recipes(spec);
    const instances = [{ name: 'relay-explorer', statusCode: 103, config: { [`${MARK.version}swagger-ui-dist`]: '5.35.0' } }];
    const rows = componentVersions(spec, r, instances, {}, info('third-party'));
    const row = rows.find((x) => x.artifact === 'swagger-ui-dist');
    expect(row).toEqual({
      kind: 'app',
      title: 'Relay API explorer',
      app: { id: 'relay-api-explorer', title: 'Relay API explorer', source: 'third-party', publisher: 'Someone Else' },
      artifact: 'swagger-ui-dist',
      installed: [{ container: 'relay-explorer', version: '5.35.0' }],
      desired: { version: '5.32.0', source: 'release', sha256: SHA_5_32, pinned: true },
      available: [
        { version: '5.35.0', source: 'release', sha256: SHA_5_35, isDefault: true, note: explorer.spec.artifacts[0]!.versions[0]!.hashSource },
        { version: '5.32.0', source: 'release', sha256: SHA_5_32, isDefault: false, note: explorer.spec.artifacts[0]!.versions[1]!.hashSource },
      ],
    });
    expect(rows.find((x) => x.artifact === 'nostr-rs-relay')?.app).toEqual({ id: 'nostr-relay', title: 'Nostr relay', source: 'builtin', publisher: 'Bitcoin Cache Machine' });
    // the card's logic works on it as on a built-in's: a pending switch (rolling back), then an upgrade offer
    expect(pendingChange(row!)).toBe(true);
    const rolledBack = { ...row!, installed: [{ container: 'relay-explorer', version: '5.32.0' }] };
    expect(pendingChange(rolledBack)).toBe(false);
    expect(upgradeTarget(rolledBack)?.version).toBe('5.35.0');
  });

  it('an app artifact installed before versions were recorded is matched by its step record', () => {
    const { recipes: r } = recipes(base);
    const installs = r['relay-explorer']!.artifacts[0]!.installs;
    const step = `${MARK.step}artifact.swagger-ui-dist`;
    // the same record hash the planner leaves (plan.ts stepRecords)
    const hash = (sha: string) => hashOf({ sha, installs });
    const rows = componentVersions(base, r, [{ name: 'relay-explorer', statusCode: 103, config: { [step]: hash(SHA_5_32) } }], {}, info('builtin'));
    expect(rows.find((x) => x.artifact === 'swagger-ui-dist')?.installed).toEqual([{ container: 'relay-explorer', version: '5.32.0' }]);
  });

  it('the test-only third-party manifest (test/fixtures/apps) is valid and pins two versions of its artifact and a broken one', () => {
    const parsed = parseManifest(readFileSync(join(__dirname, '../../fixtures/apps/static-swagger.yaml'), 'utf8'));
    expect(parsed.ok ? parsed.manifest.spec.artifacts.map((a) => [a.name, a.versions.map((v) => v.version)]) : parsed.issues).toEqual([['swagger-ui-dist', ['5.35.0', '5.32.0', '0.1.0-broken']]]);
  });
});
