import { defineConfig } from '@playwright/test';

/**
 * `npm run test:electron`: drives the built app in a real Electron. Needs the
 * Electron binary, which these development machines cannot download; run it
 * where `node -e "require('electron')"` names an existing file.
 */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // One app at a time (single-instance lock); no retries, so flakiness shows.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  reporter: 'list',
  use: { trace: 'retain-on-failure' },
});
