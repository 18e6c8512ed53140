import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync } from 'node:fs';
import type { AppManifest } from '../../shared/apps/manifest';
import type { AppListing, AppsList, InvalidApp } from '../../shared/apps/listing';
import { builtinDrivers, type BuiltinDriver } from '../../shared/apps/builtin';
import { builtinManifests } from '../../shared/apps/builtins';
import { parseManifest } from '../../shared/apps/parse';

/**
 * The installed app manifests (issue 14): BCM's own, shipped in its `apps/` folder, and the user's
 * in ~/.bcm/apps/ (versioned with the rest of ~/.bcm). Read fresh on every call (they are small
 * files and a user edits them by hand); an invalid one is listed with its problems and never
 * offered. A user manifest cannot take a built-in app's id, nor a built-in component's (whose
 * manifests, in apps/builtin/, reach the code through src/shared/apps/builtins.ts, not this list).
 */

export interface LoadedApps extends AppsList {
  manifests: Record<string, AppManifest>;
}

/** BCM's own manifests: $BCM_BUILTIN_APPS, else dist/apps beside the bundle, else the repository's apps/. */
export function builtinAppsDir(): string {
  if (process.env.BCM_BUILTIN_APPS) return process.env.BCM_BUILTIN_APPS;
  // bundled: dist/main/*.js → dist/apps; from source: src/main/apps/registry.ts → apps/
  const candidates = ['../apps/', '../../../apps/'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  const hasManifests = (d: string): boolean => existsSync(d) && readdirSync(d).some((n) => /\.ya?ml$/.test(n));
  return candidates.find(hasManifests) ?? candidates[candidates.length - 1]!;
}

async function yamlFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => /\.ya?ml$/.test(n) && !n.startsWith('.')).sort().map((n) => join(dir, n));
}

function listing(m: AppManifest, source: AppListing['source'], file: string): AppListing {
  return {
    id: m.metadata.id,
    title: m.metadata.title,
    description: m.metadata.description,
    version: m.metadata.version,
    ...(m.metadata.publisher ? { publisher: m.metadata.publisher } : {}),
    source,
    file,
    containers: m.spec.containers.map((c) => ({ name: c.name, size: c.size, dataGiB: c.volumes.reduce((n, v) => n + v.dataGiB, 0) })),
    requires: { roles: m.spec.requires.roles, apps: m.spec.requires.apps },
    provides: m.spec.provides.map((p) => p.role),
    artifacts: m.spec.artifacts.map((a) => ({ name: a.name, versions: a.versions.map((v) => v.version) })),
    onion: m.spec.containers.flatMap((c) => c.onion.map((o) => ({ container: c.name, port: o.port, description: o.description }))),
  };
}

export class AppRegistry {
  constructor(private readonly dirs: { builtin: string; user: string }) {}

  async load(): Promise<LoadedApps> {
    const out: LoadedApps = { apps: [], invalid: [], manifests: {} };
    for (const [source, dir] of [['builtin', this.dirs.builtin], ['third-party', this.dirs.user]] as const) {
      for (const file of await yamlFiles(dir)) {
        const text = await readFile(file, 'utf8').catch((err: unknown) => err instanceof Error ? err : new Error(String(err)));
        const bad = (issues: InvalidApp['issues']): void => void out.invalid.push({ file, source, issues });
        if (text instanceof Error) {
          bad([{ line: 1, column: 1, path: '', message: `Cannot read the file: ${text.message}` }]);
          continue;
        }
        const parsed = parseManifest(text);
        if (!parsed.ok) {
          bad(parsed.issues);
          continue;
        }
        const id = parsed.manifest.metadata.id;
        if ((builtinDrivers as readonly string[]).includes(id)) {
          const title = builtinManifests[id as BuiltinDriver].metadata.title;
          bad([{ line: 1, column: 1, path: 'metadata.id', message: `The id "${id}" is BCM's built-in component ${title} (apps/builtin/${id}.yaml): choose another id.` }]);
          continue;
        }
        const prior = out.apps.find((a) => a.id === id);
        if (prior) {
          bad([{ line: 1, column: 1, path: 'metadata.id', message: `The id "${id}" is already taken by ${prior.source === 'builtin' ? "BCM's built-in app" : 'the manifest'} ${prior.file}: choose another id.` }]);
          continue;
        }
        out.apps.push(listing(parsed.manifest, source, file));
        out.manifests[id] = parsed.manifest;
      }
    }
    return out;
  }
}
