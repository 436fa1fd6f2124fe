// The Memory tab's Strings view: printable runs of a process's memory, read
// page by page in address order (inspect.strings), each at least N long.
import { FIXTURE, expect, openArchive, screenshot, test } from './gui-fixtures';

test('strings of a process, paged, at least the chosen length', async ({ page }) => {
  await openArchive(page, FIXTURE);
  await page.getByTestId('tab-memory').click();
  await page.getByTestId('memory-view-strings').click();
  const view = page.getByTestId('strings-view');
  const rows = view.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(rows.first()).toBeVisible();
  await page.getByTestId('strings-min-length').fill('12');
  await expect(rows.first()).toBeVisible();
  const count = async () => Number(((await page.getByTestId('strings-count').textContent()) ?? '').replace(/\D/g, ''));
  await expect.poll(count).toBeGreaterThan(0);
  for (const text of await rows.locator('[role="cell"]:nth-child(3)').allTextContents())
    expect(text.length, text).toBeGreaterThanOrEqual(12);
  // Fewer than a page (1000) of such runs in sh: the first page reached the end, so no "Next".
  expect(await count()).toBeLessThan(1000);
  await expect(page.getByTestId('strings-more')).toHaveCount(0);
  await screenshot(page, 'forensics-strings');

  // Runs of one character fill pages: the first holds 1000, "Next" reads on from where it stopped.
  await page.getByTestId('strings-min-length').fill('1');
  await expect.poll(count).toBe(1000);
  await page.getByTestId('strings-more').click();
  await expect.poll(count).toBeGreaterThan(1000);
  await page.getByTestId('strings-min-length').fill('12');
  await expect.poll(count).toBeLessThan(1000);

  // A string's row jumps to its address in the hex view.
  const first = rows.first();
  const address = ((await first.getAttribute('data-testid')) ?? '').replace('string-', '');
  await first.click();
  const viewer = page.getByTestId('hex-viewer');
  await expect(viewer.locator('.hx-hit')).toHaveCount(1);
  const n = Number(address);
  await expect(viewer.getByTestId(`hex-row-0x${(n - (n % 16)).toString(16)}`)).toBeVisible();
});
