import { homedir } from 'node:os';
import { join } from 'node:path';
import { artifacts as catalogArtifacts, type ArtifactDef } from '../../shared/datacenter/artifacts';
import type { ArtifactOverride } from '../../shared/datacenter/spec';
import { BcmError } from '../../shared/errors';

/**
 * One artifact as BCM will fetch it: the catalog's release, or a locally supplied file (a spec's
 * `artifacts` override) that only a preseed folder can provide (`url: null`).
 */
export interface ArtifactRef {
  name: string;
  version: string;
  /** null: unpinned, refused */
  sha256: string | null;
  /** null: a local artifact, supplied only through a preseed folder */
  url: string | null;
  /** where the pin comes from (shown when the artifact is refused) */
  hashSource: string;
  install: ArtifactDef['install'];
}

/** The catalog's artifact `name`, with a spec's override (local build, air-gapped file) applied. */
export function resolveArtifact(name: string, overrides: Record<string, ArtifactOverride> = {}): ArtifactRef {
  const def = catalogArtifacts[name];
  if (!def) throw new BcmError('NOT_FOUND', `BCM's catalog has no artifact named "${name}".`);
  const override = overrides[name];
  if (!override) return { name, version: def.version, sha256: def.sha256, url: def.url, hashSource: def.hashSource, install: def.install };
  return {
    name,
    version: override.version,
    sha256: override.sha256,
    url: override.sha256 === def.sha256 ? def.url : null,
    hashSource: 'supplied locally (the datacenter spec\'s artifacts override)',
    install: def.install,
  };
}

/** The artifact `name` whose pin is `sha256`: the catalog's release of that hash (any pinned version), else a local file. */
export function artifactByHash(name: string, sha256: string): ArtifactRef {
  const def = catalogArtifacts[name];
  const release = def?.versions.find((v) => v.sha256 === sha256);
  if (release) return { name, version: release.version, sha256, url: release.url, hashSource: release.hashSource, install: release.install };
  return {
    name,
    version: def ? `${def.version} (local)` : 'local',
    sha256,
    url: null,
    hashSource: 'supplied locally (the datacenter spec\'s artifacts override)',
    install: def?.install ?? { kind: 'tar.gz', binaries: [] },
  };
}

function cacheHome(): string {
  return process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
}

/** ~/.cache/bcm/artifacts, or $BCM_ARTIFACT_CACHE. */
export function defaultCacheDir(): string {
  return process.env.BCM_ARTIFACT_CACHE || join(cacheHome(), 'bcm', 'artifacts');
}

/** $BCM_ARTIFACTS_PRESEED (colon-separated) and ~/.cache/bcm/artifacts-preseed. */
export function defaultPreseedDirs(): string[] {
  const fromEnv = (process.env.BCM_ARTIFACTS_PRESEED ?? '').split(':').filter(Boolean);
  return [...fromEnv, join(cacheHome(), 'bcm', 'artifacts-preseed')];
}

/** The file name an artifact is cached under: its pin first, so a new pin never reuses an old file. */
export function cacheFileName(ref: ArtifactRef & { sha256: string }): string {
  const base = ref.url ? decodeURIComponent(new URL(ref.url).pathname.split('/').pop() ?? '') : '';
  const safe = (base || `${ref.name}-${ref.version}`).replace(/[^A-Za-z0-9._+-]+/g, '_').replace(/_+$/, '');
  return `${ref.sha256.slice(0, 16)}-${safe}`;
}

export function describe(ref: Pick<ArtifactRef, 'name' | 'version'>): string {
  return `${ref.name} ${ref.version}`;
}
