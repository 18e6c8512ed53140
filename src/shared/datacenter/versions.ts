import { z } from 'zod';
import { artifacts as catalogArtifacts, type ArtifactVersion } from './artifacts';
import { componentKinds, type DatacenterSpec } from './spec';

/**
 * Which version of each artifact a datacenter installs, and switching it (issue 12: upgrades). Pure.
 * A spec's local override (`artifacts`) wins; else its pin (`versions`); else the catalog's default.
 */

export type VersionSource = 'release' | 'local';

export interface ChosenArtifact {
  name: string;
  version: string;
  /** null: an unpinned release, refused */
  sha256: string | null;
  source: VersionSource;
}

/**
 * A pinned release of an artifact, newest first in its list: the catalog's (built-in components) or
 * an app manifest's (`spec.artifacts[].versions`, issue 14). Both are chosen, listed and switched
 * alike; only where the list comes from differs.
 */
export type Release = Pick<ArtifactVersion, 'version' | 'sha256' | 'hashSource'> & { url?: string };

/** The catalog's releases of `name`, newest first ([] when the catalog lacks it). */
export function catalogReleases(name: string): readonly Release[] {
  return catalogArtifacts[name]?.versions ?? [];
}

/** The release `version` of `name` (the newest when `version` is absent), from the catalog unless `releases` are given. */
export function releaseOf(name: string, version?: string, releases: readonly Release[] = catalogReleases(name)): Release | undefined {
  return version === undefined ? releases[0] : releases.find((v) => v.version === version);
}

/**
 * What the datacenter installs for the artifact `name`, or undefined when no release of it is
 * pinned at the spec's version. `releases`: an app's manifest pins (else the catalog's).
 */
export function chosenArtifact(spec: Pick<DatacenterSpec, 'artifacts' | 'versions'>, name: string, releases?: readonly Release[]): ChosenArtifact | undefined {
  const local = spec.artifacts[name];
  if (local) return { name, version: local.version, sha256: local.sha256, source: 'local' };
  const release = releaseOf(name, spec.versions[name], releases);
  return release && { name, version: release.version, sha256: release.sha256, source: 'release' };
}

/** A version the user can switch an artifact to. */
export const versionChoiceSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('release'), version: z.string().min(1) }),
  z.object({ source: z.literal('local'), version: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
]);
export type VersionChoice = z.infer<typeof versionChoiceSchema>;

/**
 * The spec with `artifact` switched to `choice`: a release is pinned in `versions` and any local
 * override of it dropped; a local build becomes the override (its pin, if any, is kept for later).
 * Choosing an older version is how one rolls back by hand.
 */
export function withVersion(spec: DatacenterSpec, artifact: string, choice: VersionChoice): DatacenterSpec {
  if (choice.source === 'local') {
    return { ...spec, artifacts: { ...spec.artifacts, [artifact]: { version: choice.version, sha256: choice.sha256 } } };
  }
  const { [artifact]: _dropped, ...artifacts } = spec.artifacts;
  return { ...spec, artifacts, versions: { ...spec.versions, [artifact]: choice.version } };
}

export const availableVersionSchema = z.object({
  version: z.string(),
  source: z.enum(['release', 'local']),
  /** null: an unpinned release (listed, refused on install) */
  sha256: z.string().nullable(),
  /** the catalog's default release */
  isDefault: z.boolean(),
  /** where it comes from: the pin's source, or the preseed folder that lists a local build */
  note: z.string(),
});
export type AvailableVersion = z.infer<typeof availableVersionSchema>;

/** The app (issue 14) an artifact row belongs to: BCM's own apps, or a third party's from ~/.bcm/apps. */
export const versionsAppSchema = z.object({
  id: z.string(),
  title: z.string(),
  source: z.enum(['builtin', 'third-party']),
  publisher: z.string().optional(),
});
export type VersionsApp = z.infer<typeof versionsAppSchema>;

export const componentVersionsSchema = z.object({
  kind: z.enum(componentKinds),
  /** the component's title, or the app's */
  title: z.string(),
  /** kind `app`: which app, and whether BCM or a third party publishes its manifest (its pins) */
  app: versionsAppSchema.optional(),
  artifact: z.string(),
  /** per container; version null: not installed, or installed before BCM recorded versions by an unknown file */
  installed: z.array(z.object({ container: z.string(), version: z.string().nullable() })),
  /** what an apply installs; `pinned`: the spec chose it (pin or local build) rather than the catalog's default */
  desired: z.object({ version: z.string(), source: z.enum(['release', 'local']), sha256: z.string().nullable(), pinned: z.boolean() }),
  /** newest release first, then local builds */
  available: z.array(availableVersionSchema),
});
export type ComponentVersions = z.infer<typeof componentVersionsSchema>;

export const datacenterVersionsSchema = z.object({
  name: z.string(),
  deployed: z.boolean(),
  components: z.array(componentVersionsSchema),
});
export type DatacenterVersions = z.infer<typeof datacenterVersionsSchema>;

/** A local build a preseed folder lists (versions.json / overrides.json beside the files). */
export interface LocalBuild {
  version: string;
  sha256: string;
  note: string;
}

/**
 * Releases of `artifact` (newest first: the catalog's, or an app manifest's `releases`), then the
 * spec's local build and the known local builds, one per hash.
 */
export function availableVersions(spec: Pick<DatacenterSpec, 'artifacts'>, artifact: string, localBuilds: LocalBuild[] = [], releases: readonly Release[] = catalogReleases(artifact)): AvailableVersion[] {
  const out: AvailableVersion[] = releases.map((v, i) => ({ version: v.version, source: 'release', sha256: v.sha256, isDefault: i === 0, note: v.hashSource }));
  const override = spec.artifacts[artifact];
  const locals = [...(override ? [{ ...override, note: "this datacenter's local artifact" }] : []), ...localBuilds];
  for (const l of locals) {
    if (out.some((o) => o.sha256 === l.sha256)) continue;
    out.push({ version: l.version, source: 'local', sha256: l.sha256, isDefault: false, note: l.note });
  }
  return out;
}

/** The choice that installs `v`. */
export function choiceOf(v: AvailableVersion): VersionChoice {
  return v.source === 'local' && v.sha256 ? { source: 'local', version: v.version, sha256: v.sha256 } : { source: 'release', version: v.version };
}

/** Whether `v` is what the component's desired state installs. */
export function isDesired(c: Pick<ComponentVersions, 'desired'>, v: AvailableVersion): boolean {
  return v.source === c.desired.source && v.version === c.desired.version && (v.sha256 ?? null) === c.desired.sha256;
}
