import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { BcmError } from '../../shared/errors';
import { writeFileAtomic } from './atomic';

/**
 * Reads a schema-versioned JSON file. A corrupt file or one written by a newer BCM is reported with
 * its path and a way forward, and is never overwritten: callers get STORE_ERROR and stop.
 */
export async function readJsonFile<S extends z.ZodType>(
  path: string,
  schema: S,
  currentVersion: number,
): Promise<z.output<S> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BcmError('STORE_ERROR', `Cannot read ${path}: ${(err as Error).message}`, { path });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BcmError(
      'STORE_ERROR',
      `${path} is not valid JSON (it may have been cut short). BCM left it untouched: fix it by hand, or move it away and add the item again.`,
      { path },
    );
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > currentVersion) {
    throw new BcmError(
      'STORE_ERROR',
      `${path} was written by a newer version of BCM (schema ${version}, this one reads up to ${currentVersion}). Update BCM to use it; the file was left untouched.`,
      { path, version },
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BcmError(
      'STORE_ERROR',
      `${path} does not look like a BCM file (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'}). BCM left it untouched: fix it by hand, or move it away and add the item again.`,
      { path },
    );
  }
  return parsed.data;
}

export async function writeJsonFile(path: string, value: unknown, mode = 0o644): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n', mode);
}
