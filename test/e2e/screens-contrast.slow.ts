// Issue 16's screenshot test: every screen (start, settings, Containers against
// the testbed, each view of the bundled sample checkpoint, Compare) at
// 1440x900 and 1024x700, light and dark, saved under
// test-results/screenshots/contrast/; every interactive element meets WCAG AA
// contrast at rest, hovered and focused (support/contrast.ts, unit-tested), and
// nothing is wider than the viewport.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { contrastFailures, overflowing } from './support/contrast-page';
import { FIXTURE, SCREENSHOTS, expect, openArchive, showTab, test } from './gui-fixtures';

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

async function check(page: Page, dir: string, name: string, problems: string[]): Promise<void> {
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
  const wide = await overflowing(page);
  problems.push(...wide.map((w) => `${name}: wider than the viewport: ${w}`));
  const { failures, unhovered } = await contrastFailures(page);
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
      test.setTimeout(600_000);
      const dir = path.join(SCREENSHOTS, 'contrast', `${size.width}x${size.height}-${scheme}`);
      mkdirSync(dir, { recursive: true });
      const problems: string[] = [];
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.getByTestId('open-checkpoint')).toBeVisible();
      await check(page, dir, 'start', problems);

      await page.getByTestId('settings-button').click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await check(page, dir, 'settings', problems);
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
      await check(page, dir, 'containers', problems);

      await page.getByTestId('nav-start').click();
      await openArchive(page, FIXTURE);
      for (const tab of TABS) {
        await showTab(page, tab);
        await check(page, dir, `archive-${tab}`, problems);
      }

      await page.getByTestId('nav-diff').click();
      await expect(page.getByTestId('diff-screen')).toBeVisible();
      await check(page, dir, 'compare', problems);

      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
}
