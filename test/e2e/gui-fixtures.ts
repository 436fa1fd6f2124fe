// Fixtures for the GUI specs until the lead's test/e2e/fixtures.ts exists:
// `page` starts at the app URL with the token, `testbed` is the testbed's
// state (the test is skipped, saying why, when no testbed runs).
import { test as base, expect, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readStateFile, STATE_FILE, type TestbedState } from '../testbed/state';
import { startHost, type RunningHost } from './browser-host';

const execFileAsync = promisify(execFile);

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'containerd-cri-web.tar');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

interface Fixtures {
  hostArgs: string[];
  /** The host runs with a fresh, empty HOME (a first launch: no ~/checkpoints); its path is host.home. */
  freshHome: boolean;
  host: RunningHost & { home: string | null };
  testbed: TestbedState;
}

export const test = base.extend<Fixtures>({
  hostArgs: [[], { option: true }],
  freshHome: [false, { option: true }],
  host: async ({ hostArgs, freshHome }, use) => {
    const home = freshHome ? mkdtempSync(path.join(os.tmpdir(), 'ci-e2e-home-')) : null;
    const host = await startHost(hostArgs, home ? { HOME: home } : {});
    await use({ ...host, home });
    await host.stop();
    if (home) rmSync(home, { recursive: true, force: true });
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

/** Opens an archive view's tab and waits until its query has settled (a spinner reads "Reading …"). */
export async function showTab(page: Page, tab: string): Promise<void> {
  await page.getByTestId(`tab-${tab}`).click();
  await expect(page.getByTestId(`panel-${tab}`)).toBeVisible();
  await expect(page.getByTestId(`panel-${tab}`).getByText(/^Reading /)).toHaveCount(0, { timeout: 60_000 });
}

/**
 * Each path of a fixture manifest's rootfsDiff is listed in the Root FS diff
 * tab: written paths (manifest "added" or "changed") as "A/M", whiteouts as "D".
 */
export async function expectRootfsMarks(
  page: Page,
  diff: { added: string[]; changed: string[]; deleted: string[] },
): Promise<void> {
  const expected: [string, string, string][] = [
    ...[...diff.added, ...diff.changed].map((p): [string, string, string] => [p, 'changed', 'A/M']),
    ...diff.deleted.map((p): [string, string, string] => [p, 'deleted', 'D']),
  ];
  for (const [file, change, mark] of expected) {
    await page.getByTestId('rootfs-filter').fill(file);
    const row = page.getByTestId(`rootfs-entry-${file}`);
    await expect(row, file).toHaveAttribute('data-change', change);
    await expect(row.getByTestId('rootfs-marker'), file).toHaveText(mark);
  }
}

/**
 * The testbed's startMemoryWorkload(mib), run through its CLI: testbed.ts uses
 * import.meta.url, which Playwright's CommonJS transform cannot load.
 */
export async function startMemoryPod(mib: number): Promise<{ containerId: string; pod: { name: string } }> {
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'test', 'testbed', 'testbed-cli.ts'), 'mem', String(mib)],
    { cwd: ROOT, timeout: 120_000 },
  );
  return JSON.parse(stdout) as { containerId: string; pod: { name: string } };
}
