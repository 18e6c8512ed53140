import { digestLabel } from '../../shared/datacenter/digest';
import type { LxdClient } from '../lxd';
import { ensureArtifact } from './ensure';
import type { ArtifactInstall } from './extract';
import { installArtifact, type InstallTarget } from './install';
import { locateArtifact, type ArtifactLocation } from './locate';
import { artifactByHash, describe, type ArtifactRef } from './resolve';

/** An app's artifact (issue 14): where its manifest says to get it, when BCM's catalog does not know it. */
export interface ArtifactSource {
  url?: string;
  hashSource: string;
}

function refOf(name: string, sha256: string, version?: string, source?: ArtifactSource): ArtifactRef {
  const ref = { ...artifactByHash(name, sha256), ...(version ? { version } : {}) };
  return source?.url && !ref.url ? { ...ref, url: source.url, hashSource: source.hashSource } : ref;
}

/** What an apply step reports through (the datacenter runner's StepReporter has this shape). */
export interface StepReport {
  signal: AbortSignal;
  progress(fraction: number, message?: string): void;
  log(line: string): void;
}

export interface ArtifactProviderOptions {
  cacheDir?: string;
  preseedDirs?: string[];
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

/**
 * The artifact cache as the datacenter's apply steps use it (src/main/datacenter/steps.ts
 * `ArtifactProvider`): `ensure` gives a verified local file for a name and pinned hash (the
 * catalog's release, or a locally supplied file found by hash in a preseed folder); `install`
 * pushes what a recipe asks for into a container.
 */
export function createArtifactProvider(options: ArtifactProviderOptions = {}) {
  return {
    /** `version`: what the spec calls this file (a local build's own name), for the log */
    async ensure(name: string, sha256: string, report: StepReport, version?: string, source?: ArtifactSource): Promise<string> {
      const ref = refOf(name, sha256, version, source);
      const found = await ensureArtifact(ref, {
        ...options,
        signal: report.signal,
        onProgress: (fraction, bytes) => report.progress(Number.isNaN(fraction) ? 0 : fraction * 0.5, `${describe(ref)}: ${mib(bytes)}`),
      });
      report.log(`${describe(ref)} ${found.source === 'download' ? 'downloaded' : found.source === 'preseed' ? 'taken from a preseed folder' : 'found in the cache'} (${mib(found.bytes)}, ${digestLabel(found.sha256)} verified)`);
      return found.path;
    },
    locate(name: string, sha256: string, source?: ArtifactSource): Promise<ArtifactLocation> {
      return locateArtifact(refOf(name, sha256, undefined, source), options);
    },
    async install(client: LxdClient, target: InstallTarget, file: string, installs: ArtifactInstall[], report: StepReport): Promise<void> {
      const done = await installArtifact(client, target, file, installs, {
        signal: report.signal,
        onProgress: (fraction, current) => report.progress(0.5 + fraction * 0.5, current ? `installing ${current}` : undefined),
      });
      for (const f of done) report.log(`installed ${f.path} (${mib(f.bytes)}, mode ${f.mode.toString(8)})`);
    },
  };
}

export type ArtifactCacheProvider = ReturnType<typeof createArtifactProvider>;
