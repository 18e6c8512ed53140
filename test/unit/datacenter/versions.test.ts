import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocalBuilds } from '../../../src/main/artifacts/local-builds';
import { artifactByHash } from '../../../src/main/artifacts/resolve';
import { MARK, hashOf } from '../../../src/main/datacenter/naming';
import type { ContainerRecipe } from '../../../src/main/datacenter/recipe';
import { componentVersions } from '../../../src/main/datacenter/versions';
import { artifacts } from '../../../src/shared/datacenter/artifacts';
import { containersOf } from '../../../src/shared/datacenter/catalog';
import { datacenterSpecSchema, defaultSpec, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { availableVersions, chosenArtifact, releaseOf, withVersion } from '../../../src/shared/datacenter/versions';

const base: DatacenterSpec = { ...defaultSpec('home', 'local'), bitcoin: { implementation: 'btcd', pruneMiB: 0, txindex: false } };
const OLD = { version: '0.18.4-beta-localbuild', sha256: '4'.repeat(64) };
const NEW = { version: '0.18.5-beta-localbuild', sha256: '5'.repeat(64) };

describe('the catalog: several pinned versions per artifact', () => {
  it('keeps the researched pins as the defaults, newest first, and its top-level fields are the default', () => {
    expect(artifacts.lnd?.versions[0]).toMatchObject({ version: '0.18.5-beta', sha256: 'ffffa63b28a031a330eae4db234ada1bd27003059757c1a0d3aeb0d8d7351c4f' });
    expect(artifacts.btcd?.versions[0]).toMatchObject({ version: '0.24.2', sha256: 'f7ee4005a0f597d0486eb5cb17218eb51fcb9bed93bbb4d416a57f3975df69e5' });
    for (const def of Object.values(artifacts)) {
      expect(def.versions.length).toBeGreaterThan(0);
      expect({ version: def.version, sha256: def.sha256, url: def.url }).toEqual({ version: def.versions[0]?.version, sha256: def.versions[0]?.sha256, url: def.versions[0]?.url });
    }
    expect(releaseOf('kafka')).toMatchObject({ version: '3.7.2', sha256: expect.stringMatching(/^[0-9a-f]{128}$/) }); // Apache's SHA-512
    expect(releaseOf('lnd', '0.1.0')).toBeUndefined();
  });

  it('finds a release by its hash, any pinned version; another hash is a local file', () => {
    expect(artifactByHash('lnd', artifacts.lnd?.sha256 ?? '')).toMatchObject({ version: '0.18.5-beta', url: expect.stringMatching(/^https:/) });
    expect(artifactByHash('lnd', OLD.sha256)).toMatchObject({ url: null, sha256: OLD.sha256 });
  });
});

describe('the spec: a version pin per artifact', () => {
  it('parses an old spec file without `versions` (the catalog defaults)', () => {
    const { versions: _v, ...old } = base;
    const parsed = datacenterSpecSchema.parse(old);
    expect(parsed.versions).toEqual({});
    expect(chosenArtifact(parsed, 'lnd')).toEqual({ name: 'lnd', version: '0.18.5-beta', sha256: artifacts.lnd?.sha256, source: 'release' });
  });

  it("refuses a pin of a version of a catalog artifact BCM does not have, naming what it has; another name is an app's artifact", () => {
    const bad = datacenterSpecSchema.safeParse({ ...base, versions: { lnd: '0.17.0-beta', 'swagger-ui-dist': '5.32.0' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['versions.lnd', 'BCM has no pinned lnd 0.17.0-beta; choose one of 0.18.5-beta.']]);
    // (the planner checks an app's pin against its manifest: test/unit/apps/app-versions.test.ts)
    expect(datacenterSpecSchema.parse({ ...base, versions: { 'swagger-ui-dist': '5.32.0' } }).versions).toEqual({ 'swagger-ui-dist': '5.32.0' });
    expect(datacenterSpecSchema.parse({ ...base, versions: { lnd: '0.18.5-beta' } }).versions).toEqual({ lnd: '0.18.5-beta' });
  });

  it('a local override wins over the pin; switching to a release drops the override, to a local build sets it', () => {
    const local = withVersion(base, 'lnd', { source: 'local', ...OLD });
    expect(chosenArtifact(local, 'lnd')).toEqual({ name: 'lnd', ...OLD, source: 'local' });
    const upgraded = withVersion(local, 'lnd', { source: 'local', ...NEW });
    expect(upgraded.artifacts.lnd).toEqual(NEW);
    const release = withVersion(upgraded, 'lnd', { source: 'release', version: '0.18.5-beta' });
    expect(release.artifacts).toEqual({});
    expect(release.versions).toEqual({ lnd: '0.18.5-beta' });
    expect(datacenterSpecSchema.parse(release)).toEqual(release);
    expect(chosenArtifact(release, 'lnd')?.source).toBe('release');
    expect(base.artifacts).toEqual({}); // pure
  });

  it('lists releases first, then the local builds, one per hash', () => {
    const spec = withVersion(base, 'lnd', { source: 'local', ...OLD });
    const list = availableVersions(spec, 'lnd', [{ ...OLD, note: 'folder' }, { ...NEW, note: 'folder' }]);
    expect(list.map((v) => [v.source, v.version, v.isDefault])).toEqual([
      ['release', '0.18.5-beta', true],
      ['local', OLD.version, false],
      ['local', NEW.version, false],
    ]);
    expect(list[1]?.note).toBe("this datacenter's local artifact");
  });
});

describe('componentVersions: installed, desired, available', () => {
  const recipe = (artifact: string | null): ContainerRecipe => ({
    userData: '',
    files: [],
    units: [],
    artifacts: artifact ? [{ artifact, installs: [{ from: artifact, to: `/usr/local/bin/${artifact}`, mode: 0o755 }] }] : [],
    volumes: [],
    health: { command: ['true'], timeoutS: 1, intervalS: 1, describe: 'ok' },
    secrets: [],
  });
  const recipes = Object.fromEntries(containersOf(base).map((c) => [c.name, recipe(c.component === 'gateway' ? null : c.component)]));

  it('reads the install record, falls back to the step record of a known hash, else unknown', () => {
    const spec = withVersion(base, 'lnd', { source: 'local', ...NEW });
    const installs = recipes.btcd?.artifacts[0]?.installs;
    const instances = [
      { name: 'lnd', statusCode: 103, config: { [`${MARK.version}lnd`]: OLD.version } },
      // deployed before versions were recorded: its step record names the catalog's btcd release
      { name: 'btcd', statusCode: 103, config: { [`${MARK.step}artifact.btcd`]: hashOf({ sha: artifacts.btcd?.sha256, installs }) } },
    ];
    const rows = componentVersions(spec, recipes, instances, { lnd: [{ ...OLD, note: 'folder' }] });
    expect(rows.map((r) => [r.kind, r.artifact, r.installed, r.desired])).toEqual([
      ['btcd', 'btcd', [{ container: 'btcd', version: '0.24.2' }], { version: '0.24.2', source: 'release', sha256: artifacts.btcd?.sha256, pinned: false }],
      ['lnd', 'lnd', [{ container: 'lnd', version: OLD.version }], { version: NEW.version, source: 'local', sha256: NEW.sha256, pinned: true }],
    ]);
    expect(rows[1]?.available.map((v) => v.version)).toEqual(['0.18.5-beta', NEW.version, OLD.version]);
    expect(componentVersions(spec, recipes, [])[0]?.installed).toEqual([{ container: 'btcd', version: null }]);
  });
});

describe('readLocalBuilds', () => {
  it('reads versions.json and overrides.json of each folder, skipping what is not a build', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bcm-builds-'));
    try {
      await writeFile(join(dir, 'versions.json'), JSON.stringify({ lnd: [NEW, OLD, { version: 'x', sha256: 'short' }, { version: '0.18.5-beta-broken', sha256: '6'.repeat(64), broken: true }] }));
      await writeFile(join(dir, 'overrides.json'), JSON.stringify({ lnd: NEW, kafka: { version: '3.9.1-maven', sha256: '7'.repeat(64) } }));
      const builds = await readLocalBuilds([dir, join(dir, 'missing')]);
      expect(builds.lnd?.map((b) => b.version)).toEqual([NEW.version, OLD.version, '0.18.5-beta-broken']);
      expect(builds.lnd?.[2]?.note).toMatch(/deliberately broken/);
      expect(builds.kafka?.map((b) => b.version)).toEqual(['3.9.1-maven']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
