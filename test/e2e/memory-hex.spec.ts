// The hex viewer over a process's address space: jump to the environment block
// whose address CRIU recorded in mm-<pid>.img, and read the known variable there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE, ROOT, expect, openArchive, screenshot, test } from './gui-fixtures';

const manifest = JSON.parse(
  readFileSync(path.join(ROOT, 'test', 'fixtures', 'containerd-cri-web.manifest.json'), 'utf8'),
) as {
  processes: { pid: number; comm: string }[];
};
const httpd = manifest.processes.find((p) => p.comm === 'httpd')!;

test('jumps to mm_env_start and shows the environment bytes', async ({ page }) => {
  await openArchive(page, FIXTURE);
  // The address comes from the decoded mm image (the decoder), the bytes from the pages (the memory reader).
  await page.getByTestId('tab-images').click();
  await page.getByTestId(`image-row-checkpoint/mm-${httpd.pid}.img`).click();
  const node = page.getByTestId('json-node-$.entries.0.mm_env_start');
  await expect(node).toBeVisible();
  const text = (await node.textContent()) ?? '';
  const match = /0x[0-9a-f]+/i.exec(text) ?? /\d{6,}/.exec(text);
  expect(match, `mm_env_start in "${text}"`).not.toBeNull();
  const envStart = Number(match![0]);

  await page.getByTestId('tab-memory').click();
  await page.getByTestId(`memory-row-${httpd.pid}`).click();
  const viewer = page.getByTestId('hex-viewer');
  await expect(viewer.locator('.hx-label').first()).toBeVisible();
  await viewer.getByTestId('hex-jump-input').fill('0x' + envStart.toString(16));
  await viewer.getByTestId('hex-jump-button').click();
  const rowAddress = envStart - (envStart % 16);
  const row = viewer.getByTestId(`hex-row-0x${rowAddress.toString(16)}`);
  await expect(row).toBeVisible();
  await expect(row.locator('.hx-hit')).toHaveCount(1);
  // Bytes arrive in 64 KiB pages; the ASCII of the rows from the jump on holds the variable.
  await expect
    .poll(async () => (await viewer.locator('.hx-row .hx-ascii').allTextContents()).join(''), { timeout: 15_000 })
    .toContain('APP_MODE=testbed');
  // "APP_MODE" in hex somewhere in view: 41 50 50 5f 4d 4f 44 45.
  const hex = (await viewer.getByTestId('hex-bytes').allTextContents()).join('').replace(/\s+/g, '');
  expect(hex).toContain('4150505f4d4f4445');
  await screenshot(page, 'memory-hex');
});

test('the region map shows every mapping and goes where it is clicked; bookmarks mark, go, export and survive a reload', async ({
  page,
}) => {
  await openArchive(page, FIXTURE);
  await page.getByTestId('tab-memory').click();
  await page.getByTestId(`memory-row-${httpd.pid}`).click();
  const viewer = page.getByTestId('hex-viewer');
  const map = viewer.getByTestId('hex-region-map');
  await expect(viewer.locator('.hx-label').first()).toBeVisible();
  // httpd maps its binary, libc and friends: code, data and read-only bands, the window box at the top.
  await expect.poll(async () => Number(await map.getAttribute('data-bands'))).toBeGreaterThan(5);
  await expect(map.locator('.hx-map-band.tone-exec').first()).toBeAttached();
  await expect(map.locator('.hx-map-band.tone-write').first()).toBeAttached();
  const view = map.getByTestId('hex-map-view');
  const box = (await map.boundingBox())!;
  expect((await view.boundingBox())!.y - box.y).toBeLessThan(2);

  // A click near the bottom of the map scrolls there: the window box and the first row follow.
  const firstRowAddress = async () =>
    Number((await viewer.locator('.hx-row').first().getAttribute('data-testid'))!.replace('hex-row-', ''));
  const topAddress = await firstRowAddress();
  await map.click({ position: { x: box.width / 2, y: box.height - 3 } });
  await expect.poll(async () => (await view.boundingBox())!.y - box.y).toBeGreaterThan(box.height / 2);
  await expect.poll(firstRowAddress).toBeGreaterThan(topAddress);

  // Back to the top: select the first row's 16 bytes and bookmark them.
  await viewer.locator('.hx-scroll').press('Home');
  const firstByte = viewer.locator('.hx-row [data-a]').first();
  const start = Number(await firstByte.getAttribute('data-a'));
  await firstByte.click();
  await viewer.locator(`[data-a="${start + 15}"]`).click({ modifiers: ['Shift'] });
  await page.getByTestId('hex-bookmark-add').click();
  const mark = page.getByTestId('hex-bookmark');
  await expect(mark).toHaveCount(1);
  await expect(mark).toHaveAttribute('data-start', String(start));
  await expect(mark).toHaveAttribute('data-end', String(start + 16));
  await expect(viewer.locator('.hx-b.hx-bm')).toHaveCount(16);
  await expect(map.getByTestId('hex-map-bookmark')).toHaveCount(1);
  // The same range again is one bookmark; Ctrl+B in the view bookmarks too.
  await viewer.locator('.hx-scroll').press('Control+b');
  await expect(mark).toHaveCount(1);
  await mark.getByTestId('hex-bookmark-name').fill('start of the binary');

  // Away to the end, then back by the bookmark: its row is shown and selected.
  await viewer.locator('.hx-scroll').press('End');
  await expect(viewer.locator(`[data-a="${start}"]`)).toHaveCount(0);
  await mark.getByTestId('hex-bookmark-go').click();
  await expect(viewer.locator(`[data-a="${start}"]`)).toBeVisible();
  await expect(page.getByTestId('hex-selection')).toHaveAttribute('data-start', String(start));
  await screenshot(page, 'memory-hex-bookmarks');

  const download = page.waitForEvent('download');
  await page.getByTestId('hex-bookmarks-export').click();
  const saved = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as { name: string; length: number }[];
  expect(saved).toEqual([expect.objectContaining({ name: 'start of the binary', length: 16 })]);

  // The right-click menu: copy a byte's address, select its row, bookmark it.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const third = viewer.locator(`[data-a="${start + 2}"]`);
  await third.click({ button: 'right' });
  await page.getByTestId('hex-menu-copy-address').click();
  await expect(page.getByTestId('copy-feedback')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    '0x' + (start + 2).toString(16).padStart(12, '0'),
  );
  await viewer.locator(`[data-a="${start + 0x25}"]`).click({ button: 'right' });
  await page.getByTestId('hex-menu-select-row').click();
  await expect(page.getByTestId('hex-selection')).toHaveAttribute('data-start', String(start + 0x20));
  await expect(page.getByTestId('hex-selection')).toHaveAttribute('data-end', String(start + 0x30));
  await viewer.locator(`[data-a="${start + 0x25}"]`).click({ button: 'right' });
  await page.getByTestId('hex-menu-bookmark').click();
  await expect(mark).toHaveCount(2);
  await mark.nth(1).getByTestId('hex-bookmark-remove').click();
  await expect(mark).toHaveCount(1);

  // A reload gives a new archive id; the bookmark is kept by what the archive is.
  await page.reload();
  await page.getByTestId('tab-memory').click();
  await page.getByTestId(`memory-row-${httpd.pid}`).click();
  await expect(page.getByTestId('hex-bookmark-name')).toHaveValue('start of the binary');
  await page.getByTestId('hex-bookmark-remove').click();
  await expect(page.getByTestId('hex-bookmarks')).toHaveCount(0);
});
