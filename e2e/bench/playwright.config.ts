// The reading view's speed benchmark (issue 3): `npm run bench`.
// A Playwright project of its own, so that `npm test` never runs it;
// highlights.ts starts its own server and database (see there).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: 'highlights.ts',
  // Gitignored, beside the e2e suite's output (never its server.log).
  outputDir: '../test-results/bench',
  workers: 1,
  retries: 0,
  timeout: 15 * 60_000,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1366, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
