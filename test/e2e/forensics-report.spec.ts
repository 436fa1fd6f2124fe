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

test('the report fits a 1024 px page and shows each security value as the app does', async ({ page, context }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openArchive(page, FIXTURE);
  const card = page.getByTestId('card-security');
  const appValue = async (label: string) =>
    (
      await card
        .locator('.fact-row', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
        .locator('dd')
        .innerText()
    ).trim();
  const appSeccomp = await appValue('Seccomp');
  const appArmor = await appValue('AppArmor');
  const download = page.waitForEvent('download');
  await page.getByTestId('report-export-button').click();
  // Saved with its .html name: a download's temporary path has none, and Chromium would show it as text.
  const saved = path.join(test.info().outputDir, 'report.html');
  await (await download).saveAs(saved);
  const report = await context.newPage();
  await report.setViewportSize({ width: 1024, height: 700 });
  await report.goto(`file://${saved}`);
  const value = (label: string) =>
    report
      .locator('#security-summary dt', { hasText: new RegExp(`^${label}$`) })
      .locator('xpath=following-sibling::dd[1]');
  await expect(value('Seccomp')).toHaveText(appSeccomp);
  await expect(value('AppArmor')).toHaveText(appArmor);
  const widths = await report.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    view: document.documentElement.clientWidth,
    tables: [...document.querySelectorAll('table')].map((t) => t.scrollWidth),
    body: document.body.clientWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.view);
  expect(widths.tables.length).toBeGreaterThan(3);
  for (const w of widths.tables) expect(w).toBeLessThanOrEqual(widths.body);
  await report.close();
});
