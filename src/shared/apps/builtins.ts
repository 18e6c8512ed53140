import type { Chain } from '../datacenter/spec';
import { builtinDrivers, builtinManifestSchema, type BuiltinContainer, type BuiltinDriver, type BuiltinManifest } from './builtin';
import { builtinManifestFiles } from './builtin-manifests.generated';

/**
 * The built-in components' manifests (apps/builtin/*.yaml, shipped with the app), validated once
 * when this module loads. They reach the code as the module scripts/gen-builtin-manifests.mjs
 * generates from the YAML, so the renderer and main read them synchronously; a unit test fails
 * when that module is stale. An invalid shipped manifest is a bug of BCM: it throws, naming the file.
 */
function load(): Record<BuiltinDriver, BuiltinManifest> {
  const byId = new Map<string, BuiltinManifest>();
  for (const [file, data] of Object.entries(builtinManifestFiles)) {
    const parsed = builtinManifestSchema.safeParse(data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`apps/builtin/${file} is not a valid built-in manifest: ${issues}`);
    }
    byId.set(parsed.data.metadata.id, parsed.data);
  }
  const missing = builtinDrivers.filter((d) => !byId.has(d));
  if (missing.length) throw new Error(`apps/builtin/ has no manifest of ${missing.join(', ')}`);
  return Object.fromEntries(builtinDrivers.map((d) => [d, byId.get(d)!])) as Record<BuiltinDriver, BuiltinManifest>;
}

export const builtinManifests: Readonly<Record<BuiltinDriver, BuiltinManifest>> = load();

/** The port named `name` of a built-in's container on `chain` (its per-chain value, else the plain one). */
export function builtinPort(driver: BuiltinDriver, name: string, chain: Chain, container?: string): number {
  const containers = builtinManifests[driver].spec.containers;
  const c: BuiltinContainer | undefined = container ? containers.find((x) => x.name === container) : containers[0];
  const p = c?.ports.find((x) => x.name === name);
  if (!p) throw new Error(`The built-in ${driver} has no port named "${name}"`);
  return p.byChain?.[chain] ?? p.port;
}

/** Where a built-in keeps its data: its first container's first volume (its service account's home). */
export function builtinDataPath(driver: BuiltinDriver): string {
  const path = builtinManifests[driver].spec.containers[0]?.volumes[0]?.path;
  if (!path) throw new Error(`The built-in ${driver} has no data volume`);
  return path;
}

/** Every container name a built-in may use (replicas counted to their most), which an app may not take. */
export function builtinContainerNames(): string[] {
  return builtinDrivers.flatMap((d) =>
    builtinManifests[d].spec.containers.flatMap((c) => (c.replicas ? replicaNames(c.name, MAX_REPLICAS[c.replicas]) : [c.name])),
  );
}

/** the most replicas each replica setting allows (spec.kafka.brokers: 1 or 3) */
const MAX_REPLICAS: Record<NonNullable<BuiltinContainer['replicas']>, number> = { 'kafka.brokers': 3 };

/** `kafka-01`, `kafka-02`…: the names of `count` replicas of a container. */
export function replicaNames(name: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${name}-${String(i + 1).padStart(2, '0')}`);
}
