import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appManifestSchema, type AppManifest } from '../../../src/shared/apps/manifest';
import { parseManifest } from '../../../src/shared/apps/parse';

/** A manifest BCM ships in apps/. */
export function shipped(file: string): AppManifest {
  const parsed = parseManifest(readFileSync(join(__dirname, '../../../apps', file), 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.manifest;
}

export interface TestAppOptions {
  requires?: { roles?: string[]; apps?: string[] };
  provides?: Array<{ role: string; exclusive?: boolean }>;
  conflicts?: string[];
  /** its one container's name (default: the id) */
  container?: string;
  /** one artifact of this name, pinned at one version */
  artifact?: string;
  /** a service in its container (its steps then include enable-service) */
  service?: boolean;
  uid?: number;
}

/** A small valid manifest: one container, a TCP health check, titled by its id in capitals. */
export function testApp(id: string, o: TestAppOptions = {}): AppManifest {
  return appManifestSchema.parse({
    apiVersion: 'bcm/v1',
    kind: 'App',
    metadata: { id, title: id.toUpperCase(), description: 'test app', version: '1' },
    spec: {
      requires: { roles: o.requires?.roles ?? [], apps: o.requires?.apps ?? [] },
      provides: o.provides ?? [],
      conflicts: o.conflicts ?? [],
      artifacts: o.artifact ? [{ name: o.artifact, versions: [{ version: '1.0.0', sha256: 'e'.repeat(64), hashSource: 'test' }] }] : [],
      containers: [
        {
          name: o.container ?? id,
          size: { cpus: 1, memoryMiB: 128, diskGiB: 1 },
          user: { name: 'svc', uid: o.uid ?? 2300 },
          services: o.service ? [{ name: id, exec: ['/bin/sleep', 'infinity'] }] : [],
          health: { tcp: { port: 1 } },
        },
      ],
    },
  });
}
