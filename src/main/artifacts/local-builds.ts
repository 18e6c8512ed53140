import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { artifactOverrideSchema } from '../../shared/datacenter/spec';
import type { LocalBuild } from '../../shared/datacenter/versions';

const listed = artifactOverrideSchema.extend({ broken: z.boolean().optional() });

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined; // absent or not JSON: lists nothing
  }
}

/** Entries of one artifact's value: a single override or a list of them; invalid ones are left out. */
function entries(value: unknown): Array<z.infer<typeof listed>> {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => {
    const parsed = listed.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * Local builds that preseed folders list beside their files, by artifact name: `versions.json`
 * ({"lnd": [{"version", "sha256"}, ...]}) and `overrides.json` ({"lnd": {"version", "sha256"}}), as
 * scripts/build-test-artifacts.sh writes them. A listed build is offered as a version to switch
 * to; the file itself is found by hash when it is installed.
 */
export async function readLocalBuilds(dirs: string[]): Promise<Record<string, LocalBuild[]>> {
  const out: Record<string, LocalBuild[]> = {};
  for (const dir of dirs) {
    for (const file of ['versions.json', 'overrides.json']) {
      const raw = await readJson(join(dir, file));
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) continue;
      for (const [name, value] of Object.entries(raw)) {
        const list = (out[name] ??= []);
        for (const e of entries(value)) {
          if (list.some((b) => b.sha256 === e.sha256)) continue;
          list.push({ version: e.version, sha256: e.sha256, note: `local build listed in ${join(dir, file)}${e.broken ? ' (deliberately broken test build)' : ''}` });
        }
      }
    }
  }
  return out;
}
