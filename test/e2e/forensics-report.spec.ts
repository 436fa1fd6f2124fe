// The browser host has no save dialog: Export report renders the report and
// the page downloads it through a link; the HTML names the archive's sha256.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE, ROOT, expect, openArchive, screenshot, test } from './gui-fixtures';

const manifest = JSON.parse(
  readFileSync(path.join(ROOT, 'test', 'fixtures', 'containerd-cri-web.manifest.json'), 'utf8'),
) as { sha256: string };

test('Export report downloads an HTML file holding the sha256', async ({ page }) => {
  await openArchive(page, FIXTURE);
  await expect(page.getByTestId('archive-sha256')).toHaveText(manifest.sha256);
  const download = page.waitForEvent('download');
  await page.getByTestId('report-export-button').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.html$/);
  const saved = await file.path();
  const html = readFileSync(saved, 'utf8');
  expect(html).toMatch(/^<!doctype html>/i);
  expect(html).toContain(manifest.sha256);
  await expect(page.getByTestId('report-status')).toContainText(file.suggestedFilename());
  await screenshot(page, 'forensics-report');
});

test('the JSON format downloads JSON', async ({ page }) => {
  await openArchive(page, FIXTURE);
  await page.getByTestId('report-format').selectOption('json');
  const download = page.waitForEvent('download');
  await page.getByTestId('report-export-button').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.json$/);
  const text = readFileSync(await file.path(), 'utf8');
  expect(() => JSON.parse(text) as unknown).not.toThrow();
  expect(text).toContain(manifest.sha256);
});
