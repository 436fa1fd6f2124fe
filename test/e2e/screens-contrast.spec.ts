// The screenshot test: every screen (start, settings, Containers and the checkpoint dialog against
// the testbed, each view of the bundled sample checkpoint, Compare) at
// 1440x900 and 1024x700, light and dark, saved under
// test-results/screenshots/contrast/; every interactive element meets WCAG AA
// contrast at rest, and every kind of control (one per look, once per pass)
// hovered and focused (support/contrast.ts, unit-tested); nothing is wider than
// the viewport.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { contrastFailures, overflowing } from './support/contrast-page';
import { FIXTURE, SCREENSHOTS, expect, openArchive, showTab, test } from './gui-fixtures';

test.use({ hostArgs: ['--allow-checkpoint'] });

const TABS = [
  'overview',
  'processes',
  'files',
  'memory',
  'search',
  'findings',
  'mounts',
  'rootfs',
  'recovered',
  'timeline',
  'security',
  'config',
  'spec',
  'images',
  'log',
  'integrity',
  'yara',
];
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
];

async function check(page: Page, dir: string, name: string, problems: string[], looks: Set<string>): Promise<void> {
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
  const wide = await overflowing(page);
  problems.push(...wide.map((w) => `${name}: wider than the viewport: ${w}`));
  const { failures, unhovered } = await contrastFailures(page, looks);
  problems.push(
    ...failures.map(
      (f) => `${name}: ${f.name}: ${f.ratio.toFixed(2)}:1 < ${f.required}:1 (${f.color} on ${f.background})`,
    ),
  );
  // Said, not dropped: a control that could not be hovered was checked at rest and focused only.
  if (unhovered.length)
    test.info().annotations.push({ type: 'not hovered', description: `${name}: ${unhovered.join(' ; ')}` });
}

for (const scheme of ['light', 'dark'] as const) {
  for (const size of SIZES) {
    test(`every screen at ${size.width}x${size.height}, ${scheme}: readable controls, nothing too wide`, async ({
      page,
      testbed,
    }) => {
      test.setTimeout(240_000);
      const dir = path.join(SCREENSHOTS, 'contrast', `${size.width}x${size.height}-${scheme}`);
      mkdirSync(dir, { recursive: true });
      const problems: string[] = [];
      // Every control is checked at rest on every screen; a look is hovered and focused once per pass.
      const looks = new Set<string>();
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.getByTestId('open-checkpoint')).toBeVisible();
      await check(page, dir, 'start', problems, looks);

      await page.getByTestId('settings-button').click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await check(page, dir, 'settings', problems, looks);
      // The check moved focus; Cancel closes the dialog wherever focus is.
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      await expect(page.getByRole('dialog')).toHaveCount(0);

      // The start screen's connect card: type the testbed's socket after the settings prefilled it.
      await expect(page.getByTestId('socket-path')).not.toHaveValue('');
      await page.getByTestId('socket-path').fill(testbed.socket);
      await page.getByTestId('connect-button').click();
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
      await page.getByTestId('nav-containers').click();
      await expect(page.getByTestId(`container-row-${testbed.workloads.web.containerName}`).first()).toBeVisible();
      await check(page, dir, 'containers', problems, looks);
      // The checkpoint dialog with its checks answered (nothing is started).
      const web = page
        .getByTestId(`container-row-${testbed.workloads.web.containerName}`)
        .filter({ hasText: testbed.workloads.web.containerId.slice(0, 12) });
      await web.getByTestId(`checkpoint-${testbed.workloads.web.containerName}`).click();
      const dialog = page.getByTestId('checkpoint-dialog');
      await dialog.getByTestId('checkpoint-folder').fill(testbed.archiveDir);
      await expect(dialog.getByTestId('checkpoint-plan')).toHaveAttribute('data-state', 'ready');
      await check(page, dir, 'checkpoint-dialog', problems, looks);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toHaveCount(0);

      await page.getByTestId('nav-start').click();
      await openArchive(page, FIXTURE);
      for (const tab of TABS) {
        await showTab(page, tab);
        await check(page, dir, `archive-${tab}`, problems, looks);
        if (tab === 'memory') {
          // The hex view's selection bar, data inspector, bookmarks and region map ticks.
          const viewer = page.getByTestId('hex-viewer');
          const first = viewer.locator('.hx-row [data-a]').first();
          const at = Number(await first.getAttribute('data-a'));
          await first.click();
          await viewer.locator(`[data-a="${at + 7}"]`).click({ modifiers: ['Shift'] });
          await page.getByTestId('hex-bookmark-add').click();
          await expect(page.getByTestId('hex-bookmark')).toHaveCount(1);
          await check(page, dir, 'archive-memory-bookmarks', problems, looks);
        }
      }

      await page.getByTestId('nav-diff').click();
      await expect(page.getByTestId('diff-screen')).toBeVisible();
      await check(page, dir, 'compare', problems, looks);

      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
}
