import { defineConfig } from 'vitest/config';

// Two tiers: unit (pure logic, contract over both transports; no daemons) and integration
// (real LXD and friends, started by scripts/setup-test-env.sh). E2E runs in Playwright.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // one private Tor network for the tier (tor/onion and datacenter/remote-access-tor use it)
          globalSetup: ['test/integration/tor-testnet-setup.ts'],
          // One LXD daemon: files run one after another so they don't fight over it.
          fileParallelism: false,
        },
      },
    ],
  },
});
