import { join } from 'node:path';
import { z } from 'zod';
import type { BcmStore } from './bcm-store';
import { readJsonFile } from './json-file';

/**
 * ~/.bcm/config.json: app settings, one section per capability (e.g. "backup"). Sections this
 * BCM does not know are kept as they are; a newer file is refused by readJsonFile.
 */
const CONFIG_VERSION = 1;
const configSchema = z.looseObject({ schemaVersion: z.literal(CONFIG_VERSION) });
export type Config = z.infer<typeof configSchema>;

export const CONFIG_FILE = 'config.json';

export async function readConfig(store: BcmStore): Promise<Config> {
  return (await readJsonFile(join(store.root, CONFIG_FILE), configSchema, CONFIG_VERSION)) ?? { schemaVersion: CONFIG_VERSION };
}

/** Reads a section with its schema; a section that does not parse falls back to the defaults. */
export async function readSection<S extends z.ZodType>(store: BcmStore, key: string, schema: S, fallback: z.output<S>): Promise<z.output<S>> {
  const config = await readConfig(store);
  const parsed = schema.safeParse(config[key]);
  return parsed.success ? parsed.data : fallback;
}

/** Replaces one section and commits with `message`. */
export async function writeSection(store: BcmStore, key: string, value: unknown, message: string): Promise<void> {
  const config = await readConfig(store);
  await store.writeJson(CONFIG_FILE, { ...config, schemaVersion: CONFIG_VERSION, [key]: value }, message);
}
