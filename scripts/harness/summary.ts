// The closing line of `npm test`, computed from the tiers' JSON reports. Pure: reports in, verdict out.
//
// It tells the truth about what did not run: a vitest file that failed outside its tests (an import
// error, a failing beforeAll/afterAll) counts as a failure even though vitest marks its tests
// "skipped"; a missing report is a failure; Playwright's top-level errors (a global-setup crash)
// are failures; and a skipped test is a failure unless the allow-list names it, with its reason.

export interface AllowedSkip {
  tier: 'unit' | 'integration' | 'e2e';
  /** path relative to the repository, e.g. test/integration/backup/disk-full.test.ts */
  file: string;
  /** the test's full title as the report gives it */
  test: string;
  reason: string;
}

export interface VitestReport {
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string }[];
  }[];
}

export interface PlaywrightTest {
  status: string;
  annotations?: { type: string; description?: string }[];
}
export interface PlaywrightSuite {
  title: string;
  file?: string;
  specs?: { title: string; file?: string; tests: PlaywrightTest[] }[];
  suites?: PlaywrightSuite[];
}
export interface PlaywrightReport {
  suites?: PlaywrightSuite[];
  errors?: { message?: string }[];
}

export interface TierResult {
  tier: string;
  passed: number;
  failed: number;
  skipped: number;
  /** one line per failure that a test count alone would hide, and per allowed skip (with its reason) */
  notes: string[];
}

function relative(file: string, root: string): string {
  const withSlash = root.endsWith('/') ? root : `${root}/`;
  return file.startsWith(withSlash) ? file.slice(withSlash.length) : file;
}

function isAllowed(allow: AllowedSkip[], tier: string, file: string, test: string): AllowedSkip | undefined {
  return allow.find((a) => a.tier === tier && a.file === file && a.test === test);
}

export function summariseVitest(tier: 'unit' | 'integration', report: VitestReport | null, root: string, allow: AllowedSkip[]): TierResult {
  const result: TierResult = { tier, passed: 0, failed: 0, skipped: 0, notes: [] };
  if (!report) {
    result.failed += 1;
    result.notes.push(`${tier}: no report (the tier did not run to the end)`);
    return result;
  }
  for (const file of report.testResults) {
    const name = relative(file.name, root);
    let failedHere = 0;
    for (const a of file.assertionResults) {
      if (a.status === 'passed') result.passed += 1;
      else if (a.status === 'failed') {
        result.failed += 1;
        failedHere += 1;
      } else {
        // skipped, pending, todo
        const allowed = isAllowed(allow, tier, name, a.fullName);
        if (allowed) {
          result.skipped += 1;
          result.notes.push(`${tier}: skipped (allowed) ${name} › ${a.fullName}: ${allowed.reason}`);
        } else {
          result.failed += 1;
          failedHere += 1;
          result.notes.push(`${tier}: FAILED ${name} › ${a.fullName}: skipped, and not on the skip allow-list`);
        }
      }
    }
    const aTestFailed = file.assertionResults.some((a) => a.status === 'failed');
    if (file.status === 'failed' && !aTestFailed) {
      // failed outside its tests: counted once, unless its (skipped) tests already count as failed
      if (failedHere === 0) result.failed += 1;
      const why = file.message?.trim() ? file.message.trim().split('\n')[0] : 'a beforeAll/afterAll hook or an import failed (see the log above)';
      result.notes.push(`${tier}: FAILED ${name} outside its tests: ${why}`);
    }
  }
  return result;
}

function* playwrightTests(suites: PlaywrightSuite[], file?: string, path: string[] = []): Generator<{ file: string; title: string; test: PlaywrightTest }> {
  for (const suite of suites) {
    const here = suite.file ?? file ?? '';
    const titles = suite.title && suite.title !== here ? [...path, suite.title] : path;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) yield { file: spec.file ?? here, title: [...titles, spec.title].join(' › '), test };
    }
    yield* playwrightTests(suite.suites ?? [], here, titles);
  }
}

export function summarisePlaywright(report: PlaywrightReport | null, allow: AllowedSkip[], fileRoot = 'e2e'): TierResult {
  const result: TierResult = { tier: 'e2e', passed: 0, failed: 0, skipped: 0, notes: [] };
  if (!report) {
    result.failed += 1;
    result.notes.push('e2e: no report (the tier did not run to the end)');
    return result;
  }
  for (const err of report.errors ?? []) {
    result.failed += 1;
    result.notes.push(`e2e: FAILED before or around the tests: ${(err.message ?? 'unknown error').split('\n')[0]}`);
  }
  for (const { file, title, test } of playwrightTests(report.suites ?? [])) {
    const rel = file.startsWith(`${fileRoot}/`) ? file : `${fileRoot}/${file}`;
    if (test.status === 'expected') result.passed += 1;
    else if (test.status === 'skipped') {
      const allowed = isAllowed(allow, 'e2e', rel, title);
      if (allowed) {
        result.skipped += 1;
        result.notes.push(`e2e: skipped (allowed) ${rel} › ${title}: ${allowed.reason}`);
      } else {
        result.failed += 1;
        const said = test.annotations?.find((a) => a.type === 'skip')?.description;
        result.notes.push(`e2e: FAILED ${rel} › ${title}: skipped${said ? ` (${said})` : ''}, and not on the skip allow-list`);
      }
    } else {
      // unexpected, or flaky (the suite runs without retries, so a flaky result is a failure too)
      result.failed += 1;
      result.notes.push(`e2e: FAILED ${rel} › ${title} (${test.status})`);
    }
  }
  return result;
}

export function closingLines(results: TierResult[]): { lines: string[]; ok: boolean } {
  const lines: string[] = [];
  for (const r of results) lines.push(`[test] ${r.tier}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
  for (const r of results) for (const n of r.notes) lines.push(`[test] ${n}`);
  const sum = (k: 'passed' | 'failed' | 'skipped'): number => results.reduce((s, r) => s + r[k], 0);
  lines.push(`${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`);
  return { lines, ok: sum('failed') === 0 };
}
