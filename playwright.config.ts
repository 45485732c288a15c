import { defineConfig } from '@playwright/test';

/**
 * Browser tests (`npm run test:web`): e2e/*.pw.ts in Debian's Chromium (CHROMIUM_PATH, default
 * /usr/bin/chromium; no browser download), headless, against the real server the global setup starts
 * on a free port with a fresh SQLite file (e2e/support/server.ts). Jest never sees these files.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.pw.ts',
  globalSetup: './e2e/support/server.ts',
  // One server and one SQLite file for all tests: journeys that write run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    // Set by the global setup before the workers start.
    baseURL: process.env.MPSC_BASE_URL,
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } } }],
});
