// The closing line of npm test must not hide what did not run. These run the real vitest and Playwright on
// small fixture suites (test/fixtures/harness) and feed their JSON reports to the summary.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closingLines, summarisePlaywright, summariseVitest, type AllowedSkip, type PlaywrightReport, type VitestReport } from '../../../scripts/harness/summary';

const root = resolve(import.meta.dirname, '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'harness');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

function run(cmd: string, args: string[], env: Record<string, string> = {}): void {
  try {
    execFileSync(cmd, args, { cwd: root, env: { ...process.env, ...env, CI: '1' }, stdio: 'pipe' });
  } catch {
    // the fixtures fail on purpose; the report is what is read
  }
}

function vitestReport(env: Record<string, string> = {}): VitestReport {
  const out = join(mkdtempSync(join(tmpdir(), 'bcm-harness-')), 'v.json');
  run(bin('vitest'), ['run', '--config', join(fixtures, 'vitest', 'vitest.config.ts'), '--reporter=json', `--outputFile.json=${out}`], env);
  return JSON.parse(readFileSync(out, 'utf8')) as VitestReport;
}

function playwrightReport(env: Record<string, string> = {}): PlaywrightReport {
  const out = join(mkdtempSync(join(tmpdir(), 'bcm-harness-')), 'p.json');
  run(bin('playwright'), ['test', '--config', join(fixtures, 'playwright', 'playwright.config.ts')], { ...env, BCM_FIXTURE_REPORT: out });
  return JSON.parse(readFileSync(out, 'utf8')) as PlaywrightReport;
}

const allow: AllowedSkip[] = [
  { tier: 'unit', file: 'test/fixtures/harness/vitest/skips.fixture.ts', test: 'an allowed skip', reason: 'fixture: allowed on purpose' },
  { tier: 'e2e', file: 'e2e/cases.fixture.ts', test: 'an allowed skip', reason: 'fixture: allowed on purpose' },
];

describe('vitest reports', () => {
  const report = vitestReport();
  const r = summariseVitest('unit', report, root, allow);

  it('counts a failing beforeAll and a file that fails to import as failures, not skips', () => {
    expect(r.notes).toContainEqual(expect.stringContaining('FAILED test/fixtures/harness/vitest/hook-fails.fixture.ts › a suite whose setup fails would have checked something: skipped, and not on the skip allow-list'));
    expect(r.notes).toContainEqual(expect.stringContaining('FAILED test/fixtures/harness/vitest/hook-fails.fixture.ts outside its tests: a beforeAll/afterAll hook'));
    expect(r.notes).toContainEqual(expect.stringContaining('FAILED test/fixtures/harness/vitest/import-fails.fixture.ts outside its tests: module initialisation failed'));
  });

  it('allows only the listed skip, prints its reason, and fails the others', () => {
    expect(r.notes).toContain('unit: skipped (allowed) test/fixtures/harness/vitest/skips.fixture.ts › an allowed skip: fixture: allowed on purpose');
    expect(r.notes).toContainEqual(expect.stringContaining('skips.fixture.ts › a skip nobody allowed: skipped, and not on the skip allow-list'));
    // runs + passes on its own = 2 passed; fails + unallowed skip + hook-skipped test + import failure = 4 failed
    expect({ passed: r.passed, failed: r.failed, skipped: r.skipped }).toEqual({ passed: 2, failed: 4, skipped: 1 });
  });

  it('fails the run when a tier has no report', () => {
    const missing = summariseVitest('integration', null, root, allow);
    const { ok, lines } = closingLines([missing]);
    expect(ok).toBe(false);
    expect(lines).toContain('[test] integration: no report (the tier did not run to the end)');
  });
});

describe('Playwright reports', () => {
  it('counts skips after a failing beforeAll and unlisted skips as failures', () => {
    const r = summarisePlaywright(playwrightReport(), allow);
    expect(r.notes).toContain('e2e: skipped (allowed) e2e/cases.fixture.ts › an allowed skip: fixture: allowed on purpose');
    expect(r.notes).toContain('e2e: FAILED e2e/cases.fixture.ts › a skip nobody allowed: skipped (the image is missing), and not on the skip allow-list');
    expect(r.passed).toBe(1);
    expect(r.skipped).toBe(1);
    // the unlisted skip, and both tests of the describe whose beforeAll failed
    expect(r.failed).toBe(3);
    expect(closingLines([r]).ok).toBe(false);
  });

  it('counts a global-setup crash as a failure', () => {
    const r = summarisePlaywright(playwrightReport({ BCM_FIXTURE_GLOBAL_SETUP_FAILS: '1' }), allow);
    expect(r.failed).toBeGreaterThanOrEqual(1);
    expect(r.notes).toContainEqual(expect.stringContaining('could not start the browser host'));
    expect(closingLines([r]).ok).toBe(false);
  });
});

describe('a clean run', () => {
  it('says ok only when nothing failed', () => {
    const report: VitestReport = { testResults: [{ name: `${root}/test/unit/x.test.ts`, status: 'passed', assertionResults: [{ fullName: 'a', status: 'passed' }] }] };
    const { ok, lines } = closingLines([summariseVitest('unit', report, root, [])]);
    expect(ok).toBe(true);
    expect(lines.at(-1)).toBe('1 passed, 0 failed, 0 skipped');
  });
});
