import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/*
 * A minimal stand-alone setup for the web app's journeys, used until the shared playwright.config.ts (web-server)
 * takes over: the built server (dist/, web/dist) on a fresh SQLite file in a temporary folder, Debian's Chromium.
 *   npm run build && npx vite build --config web/vite.config.ts && npx playwright test -c e2e/local.config.ts
 */
const port = Number(process.env.E2E_PORT ?? 3211);
const folder = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'mpsc-e2e-'));
process.env.E2E_DATA_DIR = folder; // workers re-read this config: they must see the same folder
process.env.E2E_BASE_URL = `http://127.0.0.1:${port}`;
process.env.E2E_OFFICER_EMAIL ??= 'office@bund.example';
process.env.E2E_OFFICER_PASSWORD ??= 'change-me-long-password';

export default defineConfig({
  testDir: '.',
  testMatch: '*.pw.ts',
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: 'node dist/main.js',
    cwd: join(__dirname, '..'),
    url: `http://127.0.0.1:${port}/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(folder, 'e2e.sqlite')}`,
      ARTIFACTS_DIR: join(folder, 'artifacts'),
      ADMIN_EMAIL: process.env.E2E_OFFICER_EMAIL,
      ADMIN_PASSWORD: process.env.E2E_OFFICER_PASSWORD,
      LOGIN_RATE_LIMIT: '200',
      ROLLUP_CRON: 'off',
      REMINDER_CRON: 'off',
      LOG_LEVEL: 'warn',
    },
  },
});
