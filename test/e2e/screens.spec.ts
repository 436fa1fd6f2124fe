// Every screen in light and dark, for a look at both themes (written to
// test-results/screenshots/themes/), and the README's picture (docs/screenshot.png):
// the archive view with the Processes tab open and httpd selected.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { FIXTURE, ROOT, SCREENSHOTS, expect, openArchive, showTab, test } from './gui-fixtures';

const TABS = ['overview', 'processes', 'files', 'memory', 'mounts', 'rootfs', 'config', 'spec', 'images', 'log'];

async function shot(page: Page, scheme: string, name: string): Promise<void> {
  const dir = path.join(SCREENSHOTS, 'themes', scheme);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every screen in the ${scheme} theme`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.getByTestId('open-checkpoint')).toBeVisible();
    await shot(page, scheme, 'start');
    await page.getByTestId('settings-button').click();
    await shot(page, scheme, 'settings');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-containers').click();
    await expect(page.getByTestId('containers-screen')).toBeVisible();
    await shot(page, scheme, 'containers');
    await page.getByTestId('nav-start').click();
    await openArchive(page, FIXTURE);
    for (const tab of TABS) {
      await showTab(page, tab);
      await shot(page, scheme, `archive-${tab}`);
    }
  });
}

test('the README screenshot: processes with httpd selected', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
  await openArchive(page, FIXTURE);
  await expect(page.getByTestId('archive-sha256')).toBeVisible();
  await page.getByTestId('tab-processes').click();
  await page.getByTestId('process-row-6').click();
  await expect(page.getByTestId('process-cmdline')).toContainText('httpd');
  // The environment, with its secrets masked, says more than the command line alone.
  await page.getByTestId('detail-tab-env').click();
  await expect(page.getByTestId('env-row-AWS_SECRET_ACCESS_KEY')).toBeVisible();
  mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
  await page.screenshot({ path: path.join(ROOT, 'docs', 'screenshot.png') });
});
