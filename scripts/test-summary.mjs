// Sums up the JSON reports of the vitest tiers and Playwright into one plain closing line.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'test-reports';
let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const tier of ['unit', 'integration']) {
  const file = join(dir, `${tier}.json`);
  if (!existsSync(file)) {
    rows.push(`${tier}: no report (the tier did not run to the end)`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  rows.push(`${tier}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
}
const e2eFile = join(dir, 'e2e.json');
if (existsSync(e2eFile)) {
  const s = JSON.parse(readFileSync(e2eFile, 'utf8')).stats;
  passed += s.expected + (s.flaky ?? 0);
  failed += s.unexpected;
  skipped += s.skipped;
  rows.push(`e2e: ${s.expected + (s.flaky ?? 0)} passed, ${s.unexpected} failed, ${s.skipped} skipped`);
} else {
  rows.push('e2e: no report (the tier did not run to the end)');
  failed += 1;
}
for (const row of rows) console.log(`[test] ${row}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
