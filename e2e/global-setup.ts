import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Each spec starts its own browser host (e2e/support/host.ts) and asks it for a one-time link per
 * page, as a person would. Here: only a clear failure when the build the specs need is missing.
 */
export default function globalSetup(): void {
  const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
  const hostJs = join(root, 'dist', 'main', 'host.js');
  if (!existsSync(hostJs)) throw new Error(`${hostJs} is missing: run \`npm run build\` before the e2e tests.`);
}
