// Where am I: archive tabs that tell archives apart and never duplicate one,
// 20 archives reachable by the overflow menu and the keyboard, Back/Forward,
// the last view after a reload, the command palette, the shortcut list and
// the jobs list. Real browser host, real sample archive.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT, expect, openArchive, screenshot, test } from './gui-fixtures';

const SAMPLE = path.join(ROOT, 'resources', 'sample', 'sample-checkpoint.tar');
const tabs = (page: Page) => page.getByTestId('archive-tabs').getByRole('tab');

test('opening one file twice gives one tab, titled by container and time, with the file in its tooltip', async ({
  page,
}) => {
  await openArchive(page, SAMPLE);
  await expect(tabs(page)).toHaveCount(1);
  const first = await tabs(page).first().getAttribute('data-testid');
  await page.getByTestId('nav-start').click();
  await openArchive(page, SAMPLE);
  await expect(tabs(page)).toHaveCount(1);
  await expect(tabs(page).first()).toHaveAttribute('data-testid', first!);
  await expect(tabs(page).first()).toHaveAttribute('aria-selected', 'true');
  await expect(tabs(page).first()).toHaveText(/ · \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  await expect(tabs(page).first()).toHaveAttribute('title', /File: sample-checkpoint\.tar/);
  await expect(page.getByTestId('status-archive')).toHaveText((await tabs(page).first().textContent())!);
});

test.describe('twenty archives', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ci-e2e-tabs-'));
  const names = Array.from({ length: 20 }, (_, i) => `copy-${String(i + 1).padStart(2, '0')}.tar`);
  for (const name of names) copyFileSync(SAMPLE, path.join(dir, name));
  test.use({ hostArgs: [dir] });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('all are reachable by the overflow menu and by the keyboard; the strip is one tab stop', async ({ page }) => {
    await expect(tabs(page)).toHaveCount(20);
    // Copies of one checkpoint: one container and time, told apart by file name.
    const titles = await tabs(page).allTextContents();
    expect(new Set(titles).size).toBe(20);
    for (const name of names) expect(titles.some((t) => t.startsWith(`web · ${name} · `))).toBe(true);

    await expect(page.getByTestId('archive-tabs')).toHaveAttribute('data-overflowing', 'true');
    const overflow = page.getByTestId('tabs-overflow');
    for (let i = 0; i < 20; i++) {
      await overflow.click();
      const menu = page.getByTestId('tabs-overflow-menu');
      await expect(menu.getByRole('menuitemradio')).toHaveCount(20);
      await menu.getByRole('menuitemradio').nth(i).click();
      await expect(menu).toHaveCount(0);
      await expect(tabs(page).nth(i)).toHaveAttribute('aria-selected', 'true');
      await expect(tabs(page).nth(i)).toBeInViewport();
      await expect(page.getByTestId('status-archive')).toHaveText(titles[i]!);
    }
    // The menu by keyboard: Up/Down/Home, Enter picks, Escape gives focus back.
    await overflow.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('tabs-overflow-menu').getByRole('menuitemradio').nth(19)).toBeFocused();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(tabs(page).nth(1)).toHaveAttribute('aria-selected', 'true');
    await screenshot(page, 'shell-twenty-tabs');

    // One tab stop: only the selected tab is focusable, and Tab leaves the strip.
    await expect(page.getByTestId('archive-tabs').locator('[tabindex="0"]')).toHaveCount(1);
    await tabs(page).nth(1).focus();
    await page.keyboard.press('Home');
    await expect(tabs(page).nth(0)).toBeFocused();
    for (let i = 1; i < 20; i++) {
      await page.keyboard.press('ArrowRight');
      await expect(tabs(page).nth(i)).toBeFocused();
      await expect(tabs(page).nth(i)).toHaveAttribute('aria-selected', 'true');
      await expect(tabs(page).nth(i)).toBeInViewport();
    }
    await page.keyboard.press('ArrowRight');
    await expect(tabs(page).nth(0)).toBeFocused();
    await page.keyboard.press('End');
    await expect(tabs(page).nth(19)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowLeft');
    await expect(tabs(page).nth(18)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Tab');
    await expect(page.locator('[role="tab"]:focus').and(page.getByTestId('archive-tabs').getByRole('tab'))).toHaveCount(
      0,
    );
  });
});

test('Back/Forward after view changes and jumps; Alt+Left and Alt+Right too', async ({ page }) => {
  await openArchive(page, SAMPLE);
  await page.getByTestId('tab-processes').click();
  await page.getByTestId('tab-memory').click();
  await page.getByTestId('nav-back').click();
  await expect(page.getByTestId('panel-processes')).toBeVisible();
  await page.getByTestId('nav-back').click();
  await expect(page.getByTestId('panel-overview')).toBeVisible();
  await page.getByTestId('nav-forward').click();
  await expect(page.getByTestId('panel-processes')).toBeVisible();
  await page.getByTestId('nav-forward').click();
  await expect(page.getByTestId('panel-memory')).toBeVisible();
  await expect(page.getByTestId('nav-forward')).toBeDisabled();
  await page.getByTestId('nav-containers').click();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page.getByTestId('panel-memory')).toBeVisible();
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page.getByTestId('nav-containers')).toHaveClass(/active/);
});

test('a reload comes back to the archive and view shown', async ({ page }) => {
  await openArchive(page, SAMPLE);
  await page.getByTestId('tab-mounts').click();
  await expect(page.getByTestId('panel-mounts')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('panel-mounts')).toBeVisible();
  await expect(page.getByTestId('tab-mounts')).toHaveAttribute('aria-selected', 'true');
  await expect(tabs(page).first()).toHaveAttribute('aria-selected', 'true');
});

test('command palette (Ctrl+K), shortcut list (?) but not while typing, jobs list', async ({ page }) => {
  await openArchive(page, SAMPLE);
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('command-palette');
  await expect(page.getByTestId('palette-input')).toBeFocused();
  await page.getByTestId('palette-input').fill('mounts');
  await expect(palette.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(palette).toHaveCount(0);
  await expect(page.getByTestId('panel-mounts')).toBeVisible();

  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('containers');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('nav-containers')).toHaveClass(/active/);
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('sample');
  await palette.getByRole('option').first().click();
  await expect(page.getByTestId('archive-screen')).toBeVisible();

  await page.getByTestId('tab-processes').click();
  await page.getByTestId('process-search').press('?');
  await expect(page.getByTestId('process-search')).toHaveValue('?');
  await expect(page.getByTestId('shortcut-list')).toHaveCount(0);
  await page.getByTestId('tab-processes').focus();
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-list')).toContainText('Ctrl+K');
  await screenshot(page, 'shell-shortcuts');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-list')).toHaveCount(0);

  await page.getByTestId('status-jobs').click();
  const jobs = page.getByTestId('jobs-list');
  await expect(
    jobs.locator('li[data-state="done"]').filter({ hasText: 'sample-checkpoint.tar' }).first(),
  ).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(jobs).toHaveCount(0);
});
