import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArtifactProvider } from '../../../src/main/artifacts';
import { recipeFor, secretGenerators } from '../../../src/main/datacenter/components';
import { DatacenterService, type DatacenterDeps } from '../../../src/main/datacenter/service';
import type { RecipeFn } from '../../../src/main/datacenter/recipe';
import { DatacenterStore } from '../../../src/main/datacenter/spec-store';
import { EndpointRegistry } from '../../../src/main/endpoints/registry';
import { EndpointStore } from '../../../src/main/store/endpoints-store';
import { layout } from '../../../src/main/store/paths';
import { SecretStore } from '../../../src/main/store/secrets';
import { datacenterSpecSchema, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { artifactOverrideSchema } from '../../../src/shared/datacenter/spec';
import { z } from 'zod';

/** The test image and the locally built btcd/lnd, both made by scripts/setup-test-env.sh. */
export const TEST_IMAGE = 'bcm-debian-bookworm';
export const PRESEED = join(homedir(), '.cache', 'bcm', 'artifacts-preseed');

export async function testOverrides(): Promise<Record<string, z.infer<typeof artifactOverrideSchema>>> {
  const text = await readFile(join(PRESEED, 'overrides.json'), 'utf8');
  return z.record(z.string(), artifactOverrideSchema).parse(JSON.parse(text));
}

/** Reads until `ok` or the time is up; the last value either way (the caller's expect says what was wrong). */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Every local build scripts/build-test-artifacts.sh made, by artifact, newest first (versions.json; issue 12). */
export async function testVersions(): Promise<Record<string, Array<z.infer<typeof artifactOverrideSchema> & { broken?: boolean }>>> {
  const text = await readFile(join(PRESEED, 'versions.json'), 'utf8');
  return z.record(z.string(), z.array(artifactOverrideSchema.extend({ broken: z.boolean().optional() }))).parse(JSON.parse(text));
}

export async function regtestSpec(name: string, endpoint: string): Promise<DatacenterSpec> {
  return datacenterSpecSchema.parse({
    schemaVersion: 1,
    name,
    endpoint,
    chain: 'regtest',
    bitcoin: { implementation: 'btcd' },
    lightning: { lnd: true, clightning: false },
    kafka: { enabled: false, brokers: 1 },
    logging: false,
    image: { alias: TEST_IMAGE },
    artifacts: await testOverrides(),
  });
}

export interface Harness {
  home: string;
  service: DatacenterService;
  registry: EndpointRegistry;
  close(): Promise<void>;
}

/** The real service on a throwaway ~/.bcm, with the local LXD as endpoint "local". */
export async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const home = await mkdtemp(join(tmpdir(), 'bcm-dc-'));
  const h = await harnessAt(home, options);
  await h.registry.addLocal('local');
  return h;
}

/** `recipeFor` may wrap the real one; `snapshotsBusy` tells an apply that a snapshot restore is under way. */
export interface HarnessOptions {
  recipeFor?: RecipeFn;
  snapshotsBusy?: (datacenter: string) => string | undefined;
  /** apply steps at once (the service's default when absent) */
  concurrency?: number;
  /** the installed app manifests (issue 14) */
  apps?: DatacenterDeps['apps'];
}

/** The real service on an existing ~/.bcm (a second process on the same store). */
export async function harnessAt(home: string, options: HarnessOptions = {}): Promise<Harness> {
  const dirs = layout(home);
  const secrets = new SecretStore(dirs);
  const registry = new EndpointRegistry(new EndpointStore(dirs), secrets);
  const service = new DatacenterService({
    registry,
    store: new DatacenterStore(dirs),
    secrets,
    recipeFor: options.recipeFor ?? recipeFor,
    secretGenerators,
    artifacts: createArtifactProvider({ preseedDirs: [PRESEED] }),
    ...(options.snapshotsBusy ? { snapshotsBusy: options.snapshotsBusy } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.apps ? { apps: options.apps } : {}),
  });
  return {
    home,
    service,
    registry,
    close: async () => {
      registry.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}


/** Removes a datacenter's LXD objects left by a failed test (force, by name). */
