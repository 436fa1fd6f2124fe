// Memory regions in the GUI over the containerd fixture: bytes of pages not in
// the checkpoint show as ?? (not 00); a range selected with the mouse (click,
// shift-click) and the keyboard (shift+arrows) is copied as hex, text, a C array and
// base64 and read by the data inspector, and saved as a file of exactly its bytes; a search match is
// highlighted whole in the hex view; several patterns say which matched and
// the hits export as CSV; the VMA table narrows by filter and saves a VMA.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { FIXTURE, ROOT, expect, openArchive, screenshot, test } from './gui-fixtures';

const manifest = JSON.parse(
  readFileSync(path.join(ROOT, 'test', 'fixtures', 'containerd-cri-web.manifest.json'), 'utf8'),
) as { processes: { pid: number; comm: string }[] };
const httpd = manifest.processes.find((p) => p.comm === 'httpd')!;
const QUERY = 'APP_MODE=testbed';

test.beforeEach(async ({ page }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await openArchive(page, FIXTURE);
});

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** The VMA table's rows as shown: start, end, size, prot, flags, dumped, file. */
async function shownVmas(
  page: Page,
): Promise<{ start: number; end: number; size: string; dumped: string; file: string }[]> {
  const rows = page.getByTestId('vma-rows').locator('[role="row"][data-testid^="vma-row-"]');
  const out = [];
  for (const row of await rows.all()) {
    const cells = await row.locator('[role="cell"]').allTextContents();
    out.push({ start: Number(cells[0]), end: Number(cells[1]), size: cells[2]!, dumped: cells[5]!, file: cells[6]! });
  }
  return out;
}

test('a search match is highlighted whole; a selection copies as hex, text, C array, base64, the inspector reads it, and it saves its bytes', async ({
  page,
}) => {
  await page.getByTestId('tab-search').click();
  await page.getByTestId('search-query').fill(QUERY);
  await page.getByTestId('search-pid').selectOption(String(httpd.pid));
  await page.getByTestId('search-start').click();
  await expect(page.getByTestId('search-summary')).toHaveAttribute('data-complete', 'true', { timeout: 60_000 });
  const first = page.getByTestId('search-matches').locator('[data-testid^="match-"]').first();
  const testId = (await first.getAttribute('data-testid'))!;
  const address = Number(testId.split('-').pop());
  await first.click();

  const viewer = page.getByTestId('hex-viewer');
  await expect(page.getByTestId('panel-memory')).toBeVisible();
  // Every byte of the match is marked, across its rows.
  await expect(viewer.locator('.hx-hit')).toHaveCount(QUERY.length, { timeout: 15_000 });
  await expect(viewer.locator('.hx-hit').first()).toHaveAttribute('data-a', String(address));

  // Select the match: click its first byte, shift-click its last, then grow by one with shift+ArrowRight.
  await viewer.locator(`[data-a="${address}"]`).click();
  await viewer.locator(`[data-a="${address + QUERY.length - 2}"]`).click({ modifiers: ['Shift'] });
  await page.keyboard.press('Shift+ArrowRight');
  const bar = page.getByTestId('hex-selection');
  await expect(bar).toHaveAttribute('data-start', String(address));
  await expect(bar).toHaveAttribute('data-end', String(address + QUERY.length));
  await expect(viewer.locator('.hx-sel')).toHaveCount(QUERY.length);
  const bytes = Buffer.from(QUERY);

  await page.getByTestId('hex-copy-hex').click();
  await expect(page.getByTestId('hex-selection-status')).toContainText(`Copied ${QUERY.length} bytes as Hex`);
  expect(await clipboard(page)).toBe(bytes.toString('hex').replace(/(..)(?!$)/g, '$1 '));
  await page.getByTestId('hex-copy-text').click();
  await expect(page.getByTestId('hex-selection-status')).toContainText('as Text');
  expect(await clipboard(page)).toBe(QUERY);
  // The data inspector reads the bytes at the cursor (the selection's start): "APP_MODE=testbed".
  const inspector = page.getByTestId('hex-inspector');
  await expect(inspector.getByTestId('hex-inspect-u8')).toContainText(String(bytes[0]));
  await expect(inspector.getByTestId('hex-inspect-u32')).toContainText(String(bytes.readUInt32LE(0)));
  await expect(inspector.getByTestId('hex-inspect-i64')).toContainText(String(bytes.readBigInt64LE(0)));
  await expect(inspector.getByTestId('hex-inspect-pointer')).toContainText(
    '0x' + bytes.readBigUInt64LE(0).toString(16).padStart(16, '0'),
  );
  await expect(inspector.getByTestId('hex-inspect-string')).toContainText(`"${QUERY}`);
  await inspector.getByTestId('hex-inspector-big-endian').check();
  await expect(inspector.getByTestId('hex-inspect-u16')).toContainText(String(bytes.readUInt16BE(0)));
  await expect(inspector.getByTestId('hex-inspect-f64')).toContainText(String(bytes.readDoubleBE(0)));
  await page.getByTestId('hex-copy-base64').click();
  await expect(page.getByTestId('hex-selection-status')).toContainText('as Base64');
  expect(await clipboard(page)).toBe(bytes.toString('base64'));
  await page.getByTestId('hex-copy-c').click();
  await expect(page.getByTestId('hex-selection-status')).toContainText('as C array');
  const c = await clipboard(page);
  expect(c).toContain(`unsigned char data_${address.toString(16)}[${QUERY.length}] = {`);
  expect(c).toContain('0x41, 0x50, 0x50, 0x5f');
  await screenshot(page, 'memory-regions-selection');

  const download = page.waitForEvent('download');
  await page.getByTestId('hex-save').click();
  const file = await (await download).path();
  expect(readFileSync(file)).toEqual(bytes);
});

test('bytes of pages not in the checkpoint are ??; copying them is refused', async ({ page }) => {
  await page.getByTestId('tab-memory').click();
  await page.getByTestId(`memory-row-${httpd.pid}`).click();
  await page.getByTestId('memory-view-vmas').click();
  // A VMA only partly in the dump (file pages CRIU reads back from the file).
  await page.getByTestId('vma-filter').fill('type=file');
  await page.getByTestId('vma-filter-apply').click();
  const rows = page.getByTestId('vma-rows').locator('[data-testid^="vma-row-"]');
  await expect(rows.first()).toBeVisible();
  const vmas = await shownVmas(page);
  const partial = vmas.find((v) => v.dumped === '0 B')!;
  expect(partial, 'a file VMA with no page in the dump').toBeDefined();

  await page.getByTestId('memory-view-hex').click();
  const viewer = page.getByTestId('hex-viewer');
  await viewer.getByTestId('hex-jump-input').fill('0x' + partial.start.toString(16));
  await viewer.getByTestId('hex-jump-button').click();
  const row = viewer.getByTestId(`hex-row-0x${partial.start.toString(16)}`);
  await expect(row.locator('.hx-absent').first()).toHaveText('??', { timeout: 15_000 });
  await expect(row.getByTestId('hex-bytes')).not.toContainText('00');
  await row.locator(`[data-a="${partial.start}"]`).click();
  await row.locator(`[data-a="${partial.start + 7}"]`).click({ modifiers: ['Shift'] });
  await page.getByTestId('hex-copy-hex').click();
  await expect(page.getByTestId('hex-selection-status')).toContainText(
    '8 of the 8 selected bytes are not in the checkpoint',
  );
  await page.getByTestId('hex-save').click();
  await expect(page.getByTestId('hex-selection-status')).toContainText('are not in the checkpoint');
  await screenshot(page, 'memory-regions-absent');
});

test('the VMA table narrows by filter and saves a VMA whole', async ({ page }) => {
  await page.getByTestId('tab-memory').click();
  await page.getByTestId(`memory-row-${httpd.pid}`).click();
  await page.getByTestId('memory-view-vmas').click();
  const rows = page.getByTestId('vma-rows').locator('[data-testid^="vma-row-"]');
  await expect(rows.first()).toBeVisible();
  const all = await rows.count();
  await page.getByTestId('vma-filter').fill('type=stack');
  await page.getByTestId('vma-filter-apply').click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('[stack]');
  await page.getByTestId('vma-filter').fill('prot=rw');
  await page.getByTestId('vma-filter-apply').click();
  await expect.poll(() => rows.count()).toBeLessThan(all);
  for (const text of await rows.allTextContents()) expect(text).toMatch(/rw[-x][ps]/);
  await page.getByTestId('vma-filter').fill('type=wat');
  await page.getByTestId('vma-filter-apply').click();
  await expect(page.getByTestId('vma-table')).toContainText("'wat' is not a VMA type");

  // The last page of the stack is dumped: a range of it saves; the whole stack VMA (partly dumped) is refused.
  await page.getByTestId('vma-filter').fill('type=stack');
  await page.getByTestId('vma-filter-apply').click();
  await rows.first().getByRole('button', { name: /Save/ }).click();
  await expect(page.getByTestId('vma-save-status')).toContainText(/are not in the checkpoint|Downloading/);
  await page.getByTestId('vma-filter').fill('');
  await page.getByTestId('vma-filter-apply').click();
  await expect(rows).toHaveCount(all);
  const whole = (await shownVmas(page)).find((v) => v.dumped === v.size && v.dumped !== '0 B')!;
  expect(whole, 'a VMA all in the dump').toBeDefined();
  await page.getByTestId('vma-filter').fill(`range=0x${whole.start.toString(16)}-0x${(whole.start + 1).toString(16)}`);
  await page.getByTestId('vma-filter-apply').click();
  await expect(rows).toHaveCount(1);
  const download = page.waitForEvent('download');
  await page.getByTestId(`vma-save-0x${whole.start.toString(16)}`).click();
  const saved = readFileSync(await (await download).path());
  expect(saved.length).toBe(whole.end - whole.start);
  await expect(page.getByTestId('vma-save-status')).toContainText('Downloading');
});

test('several patterns say which matched, a VMA filter narrows them, and the hits export as CSV', async ({ page }) => {
  await page.getByTestId('tab-search').click();
  await page.getByTestId('search-query').fill(QUERY);
  await page.getByTestId('search-add-pattern').click();
  await page.getByTestId('search-query-2').fill('HOME=');
  await page.getByTestId('search-pid').selectOption(String(httpd.pid));
  await page.getByTestId('search-start').click();
  await expect(page.getByTestId('search-summary')).toHaveAttribute('data-complete', 'true', { timeout: 60_000 });
  const patterns = await page.getByTestId('match-pattern').allTextContents();
  expect(patterns.some((p) => p.startsWith('#1 '))).toBe(true);
  expect(patterns.some((p) => p.startsWith('#2 HOME='))).toBe(true);
  const total = Number(await page.getByTestId('search-summary').getAttribute('data-count'));

  const download = page.waitForEvent('download');
  await page.getByTestId('search-export-csv').click();
  const csv = readFileSync(await (await download).path(), 'utf8')
    .trim()
    .split('\n');
  expect(csv[0]).toMatch(/^pid,process,address,length,pattern,pattern_kind,pattern_query,/);
  expect(csv.length - 1).toBe(total);
  expect(csv.some((l) => l.includes(',1,text,HOME=,'))).toBe(true);

  // The environment is on the stack: a filter that leaves the stack out finds fewer.
  await page.getByTestId('search-vma-filter').fill('type=heap,file');
  await page.getByTestId('search-start').click();
  await expect
    .poll(async () => Number(await page.getByTestId('search-summary').getAttribute('data-count')), { timeout: 60_000 })
    .toBeLessThan(total);
});
