import { defineConfig } from '@playwright/test';

// End-to-end tests drive the real renderer in Debian's Chromium, over the browser host, against
// the real LXD daemon (see scripts/setup-test-env.sh). Build first: `npm run build`.
export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // The JSON report feeds the closing "N passed, N failed" line of npm test (scripts/test-summary.ts).
  reporter: [
    ['list'],
    ['json', { outputFile: `${process.env['BCM_TEST_RESULTS'] ?? 'test-reports'}/e2e.json` }],
    ...(process.env['CI'] ? [] : ([['html', { open: 'never' }]] as const)),
  ],
  use: {
    viewport: { width: 1440, height: 960 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-quic',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
});
