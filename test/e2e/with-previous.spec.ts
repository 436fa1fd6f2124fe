// An incremental checkpoint in the GUI: alone, its memory tab says part of
// the memory is in its parent and offers the open archives; with the parent
// (a --pre-checkpoint export, opened first) attached, the environment block
// only the parent holds shows in hex. Fixtures: test/fixtures/with-previous-fixtures.ts.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, expect, openArchive, screenshot, showTab, test } from './gui-fixtures';

interface Made {
  child: string;
  parent: string;
  pid: number;
  envStart: number;
  needle: string;
}
let made: Made;

test.beforeAll(() => {
  const script = path.join(ROOT, 'test', 'fixtures', 'make-with-previous.mjs');
  made = JSON.parse(execFileSync(process.execPath, [script], { encoding: 'utf8' })) as Made;
});
test.afterAll(() => {
  if (made) rmSync(path.dirname(made.child), { recursive: true, force: true });
});

test('the memory only the parent holds shows once the parent is attached', async ({ page }) => {
  await openArchive(page, made.parent);
  await page.getByTestId('nav-start').click();
  await openArchive(page, made.child);
  await showTab(page, 'memory');
  const picker = page.getByTestId('parent-picker');
  await expect(picker).toBeVisible();
  await expect(page.getByTestId('memory-problems')).toContainText('not attached');
  await expect(picker.getByTestId('parent-select')).toHaveValue(/.+/);
  await expect(picker.getByTestId('parent-select').locator('option')).toHaveText([path.basename(made.parent)]);

  const viewer = page.getByTestId('hex-viewer');
  const jump = async () => {
    await page.getByTestId(`memory-row-${made.pid}`).click();
    await viewer.getByTestId('hex-jump-input').fill('0x' + made.envStart.toString(16));
    await viewer.getByTestId('hex-jump-button').click();
  };
  await jump();
  // Alone: the block is not in this checkpoint (??), never zeros or text.
  await expect(viewer.locator('.hx-hit')).toHaveCount(1);
  await expect(viewer.locator('.hx-hit')).toHaveText('??');
  await screenshot(page, 'with-previous-alone');

  await picker.getByTestId('parent-attach').click();
  await expect(page.getByTestId('memory-parent')).toContainText(path.basename(made.parent));
  await expect(page.getByTestId('parent-picker')).toHaveCount(0);
  await expect(page.getByTestId('memory-problems')).toHaveCount(0);
  await jump();
  await expect
    .poll(async () => (await viewer.locator('.hx-row .hx-ascii').allTextContents()).join(''), { timeout: 15_000 })
    .toContain(made.needle);
  await screenshot(page, 'with-previous-attached');
});
