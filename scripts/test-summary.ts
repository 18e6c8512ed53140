// `npx tsx scripts/test-summary.ts DIR`: sums up the tiers' JSON reports into one closing line and exits
// non-zero when anything failed, did not run, or was skipped without being on test/skip-allow-list.json.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closingLines, summarisePlaywright, summariseVitest, type AllowedSkip, type PlaywrightReport, type VitestReport } from './harness/summary';

function readJson<T>(file: string): T | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null;
}

const dir = process.argv[2] ?? 'test-reports';
const root = resolve(import.meta.dirname, '..');
const allow = readJson<AllowedSkip[]>(join(root, 'test', 'skip-allow-list.json')) ?? [];
const { lines, ok } = closingLines([
  summariseVitest('unit', readJson<VitestReport>(join(dir, 'unit.json')), root, allow),
  summariseVitest('integration', readJson<VitestReport>(join(dir, 'integration.json')), root, allow),
  summarisePlaywright(readJson<PlaywrightReport>(join(dir, 'e2e.json')), allow),
]);
for (const line of lines) console.log(line);
process.exit(ok ? 0 : 1);
