// 10,000-row lists stay smooth: only the rows in view are in the DOM, also
// after scrolling to the end. The data comes from a fake window.api.
import { expect, test } from './gui-fixtures';
import { BIG, useBigFakeApi } from './fake-api';

test.beforeEach(async ({ page }) => {
  await useBigFakeApi(page);
  await page.reload();
  await expect(page.getByTestId('archive-screen')).toBeVisible();
});

test('the open files table renders only visible rows of 10,000', async ({ page }) => {
  await page.getByTestId('tab-files').click();
  const table = page.getByTestId('files-table');
  await expect(table).toHaveAttribute('aria-rowcount', String(BIG));
  const body = table.locator('.vtable-body');
  // The data rows (the header row scrolls sideways with them, inside the same scroller).
  const rows = body.locator('.vtable-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeLessThan(100);

  // To the end in steps, as a wheel would; each step must render promptly.
  const took = await body.evaluate(async (el) => {
    const frame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
    const times: number[] = [];
    for (let i = 1; i <= 40; i++) {
      const t0 = performance.now();
      el.scrollTop = (el.scrollHeight * i) / 40;
      times.push((await frame()) - t0);
    }
    return Math.max(...times);
  });
  await expect(table.getByTestId(`file-row-${1000 + BIG - 1}-3`)).toBeVisible();
  expect(await rows.count()).toBeLessThan(100);
  // The time is reported, never asserted (tests do not assert speed; `npm run bench` measures it).
  test.info().annotations.push({
    type: 'measured',
    description: `${await rows.count()} DOM rows of ${BIG}; slowest of 40 scroll steps ${took.toFixed(1)} ms`,
  });
  console.log(test.info().annotations.at(-1)?.description);

  // Sorting all 10,000 (descending by PID) brings the last to the top.
  await table.getByRole('columnheader', { name: 'PID' }).click();
  await table.getByRole('columnheader', { name: 'PID' }).click();
  await body.evaluate((el) => (el.scrollTop = 0));
  await expect(rows.first()).toHaveAttribute('data-testid', `file-row-${1000 + BIG - 1}-3`);
});

test('the root FS tree renders only visible entries of 10,000', async ({ page }) => {
  await page.getByTestId('tab-rootfs').click();
  const tree = page.getByRole('tree');
  await expect(tree.getByRole('treeitem').first()).toBeVisible();
  // /srv opens by default (first level), holding all 10,000 files.
  await expect(page.getByTestId('rootfs-legend-changed')).toContainText(String(BIG));
  expect(await tree.getByRole('treeitem').count()).toBeLessThan(100);
  await tree.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.getByTestId(`rootfs-entry-/srv/f${String(BIG - 1).padStart(5, '0')}.txt`)).toBeVisible();
  expect(await tree.getByRole('treeitem').count()).toBeLessThan(100);
});
