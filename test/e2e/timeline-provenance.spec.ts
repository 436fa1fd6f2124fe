// The web fixture's Timeline tab (every time the archive holds, filtered by
// source) and the Overview's Provenance card (all 14 stats fields, CRIU's version).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE, ROOT, expect, openArchive, screenshot, test } from './gui-fixtures';

const manifest = JSON.parse(
  readFileSync(path.join(ROOT, 'test', 'fixtures', 'containerd-cri-web.manifest.json'), 'utf8'),
) as { versions: { criu: string } };

test('timeline: the files written after start, the checkpoint, sources to filter, the no-start-times note', async ({
  page,
}) => {
  await openArchive(page, FIXTURE);
  await page.getByTestId('tab-timeline').click();
  const panel = page.getByTestId('panel-timeline');
  await expect(panel.getByTestId('timeline-notes')).toContainText('CRIU records no process start times');
  // The checkpoint's rows are the last times: scrolled into view (the table renders only the rows in view).
  await panel.locator('.vtable-body').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(panel.getByTestId('timeline-row-checkpoint').first()).toContainText('at checkpoint');
  await screenshot(page, 'timeline-tab');
  await panel.getByTestId('timeline-filter').fill('written-after-start');
  const row = panel.getByTestId('timeline-row-rootfs');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('after the container started');
  await expect(row).toContainText('2026-11-30T04:32:24Z');
  await panel.getByTestId('timeline-filter').fill('');
  // Hiding the rootfs source hides its rows and leaves the others.
  await panel.getByTestId('timeline-source-rootfs').click();
  await expect(panel.getByTestId('timeline-source-rootfs')).toHaveAttribute('aria-pressed', 'false');
  await expect(panel.getByTestId('timeline-row-rootfs')).toHaveCount(0);
  await expect(panel.getByTestId('timeline-row-container').first()).toBeVisible();
  await panel.getByTestId('timeline-source-rootfs').click();
  await expect(panel.getByTestId('timeline-row-rootfs').first()).toBeVisible();
});

test('provenance card: every stats-dump field in words, the inventory and the CRIU version', async ({ page }) => {
  await openArchive(page, FIXTURE);
  const card = page.getByTestId('card-provenance');
  await expect(card.getByTestId('provenance-criu-version')).toHaveText(manifest.versions.criu);
  await expect(card.getByTestId('provenance-stats').locator('.fact-row')).toHaveCount(14);
  await expect(card.getByTestId('provenance-stats-frozen_time')).toContainText('time the tasks stayed frozen');
  await expect(card.getByTestId('provenance-stats-frozen_time')).toContainText('µs');
  await expect(card.getByTestId('provenance-inventory-img_version')).toContainText('2');
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, 'provenance-card');
});
