// Fixtures for the GUI specs until the lead's test/e2e/fixtures.ts exists:
// `page` starts at the app URL with the token, `testbed` is the testbed's
// state (the test is skipped, saying why, when no testbed runs).
import { test as base, expect, type Page } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { readStateFile, STATE_FILE, type TestbedState } from '../testbed/state';
import { startHost, type RunningHost } from './browser-host';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'containerd-cri-web.tar');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

interface Fixtures {
  hostArgs: string[];
  host: RunningHost;
  testbed: TestbedState;
}

export const test = base.extend<Fixtures>({
  hostArgs: [[], { option: true }],
  host: async ({ hostArgs }, use) => {
    const host = await startHost(hostArgs);
    await use(host);
    await host.stop();
  },
  page: async ({ page, host }, use) => {
    await page.goto(host.url);
    await use(page);
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern
  testbed: async ({}, use) => {
    test.skip(!existsSync(STATE_FILE), `needs the testbed (${STATE_FILE}); run npm run testbed:up as root`);
    await use(readStateFile());
  },
});

export { expect };

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Opens an archive through the start screen's button and the browser's file chooser (the upload path). */
export async function openArchive(page: Page, file: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-checkpoint').click();
  await (await chooser).setFiles(file);
  await expect(page.getByTestId('archive-screen')).toBeVisible();
}
