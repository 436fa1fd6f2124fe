// The Compare screen's memory diff: two copies of the fixture, B with one
// byte changed in two pages of pid 6; the memory card counts 2 changed pages,
// the panel lists them by address, and a page shows A beside B with the one
// changed byte marked on each side.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURE, expect, openArchive, screenshot, test } from './gui-fixtures';

const BLOCK = 512;
const PAGE = 4096;
/** pid 6's pages in pages-2.img: page 2 is 0x5f2000, page 11 is 0x28023000 (the fixture's pagemap-6.img). */
const CHANGED = [
  { index: 2, address: 0x5f2000 },
  { index: 11, address: 0x28023000 },
];

/** The fixture with byte 100 of the given pages of checkpoint/pages-2.img flipped (a ustar walk; data is not checksummed). */
function withFlippedPages(bytes: Buffer, member: string, pages: readonly number[]): Buffer {
  const out = Buffer.from(bytes);
  for (let at = 0; at + BLOCK <= out.length;) {
    const head = out.subarray(at, at + BLOCK);
    if (head.every((b) => b === 0)) break;
    const name = head.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(head.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    if (name === member) {
      for (const p of pages) out[at + BLOCK + p * PAGE + 100]! ^= 0xff;
      return out;
    }
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new Error(`${member} not in the fixture`);
}

// Made in the test, not at load: Playwright loads a spec file more than once.
let dir = '';
test.afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('memory by content: the changed pages by address and one page side by side', async ({ page }) => {
  dir = mkdtempSync(path.join(tmpdir(), 'h-memdiff-e2e-'));
  const fixture = readFileSync(FIXTURE);
  const [a, b] = [path.join(dir, 'h-memdiff-a.tar'), path.join(dir, 'h-memdiff-b.tar')];
  writeFileSync(a, fixture);
  writeFileSync(
    b,
    withFlippedPages(
      fixture,
      'checkpoint/pages-2.img',
      CHANGED.map((c) => c.index),
    ),
  );
  await openArchive(page, a);
  await page.getByTestId('nav-start').click();
  await openArchive(page, b);
  await page.getByTestId('nav-diff').click();
  await page.getByTestId('diff-pick-a').selectOption({ label: 'h-memdiff-a.tar (web)' });
  await page.getByTestId('diff-pick-b').selectOption({ label: 'h-memdiff-b.tar (web)' });
  await page.getByTestId('diff-compare').click();

  const card = page.getByTestId('diff-card-memory');
  await expect(card).toHaveAttribute('data-changed', '2');
  await expect(card).toHaveAttribute('data-added', '0');
  await expect(card).toHaveAttribute('data-removed', '0');
  await card.click();
  await expect(page.getByTestId('memdiff-what')).toContainText('each 4 KiB page dumped in A and in B, byte for byte');
  await expect(page.getByTestId('memdiff-processes').locator('button')).toHaveCount(1);
  await expect(page.getByTestId('memdiff-process-6')).toHaveAttribute('data-changed', '2');
  const pages = page.getByTestId('memdiff-page');
  await expect(pages).toHaveCount(2);
  for (const [i, c] of CHANGED.entries()) await expect(pages.nth(i)).toHaveAttribute('data-address', String(c.address));
  await expect(page.getByTestId('memdiff-vmas').getByTestId('memdiff-vma')).toHaveCount(2);

  await pages.nth(1).click();
  const pair = page.getByTestId('page-hex-pair');
  await expect(pair).toHaveAttribute('data-address', String(CHANGED[1]!.address));
  await expect(page.getByTestId('page-hex-changed-count')).toHaveAttribute('data-count', '1');
  for (const side of ['a', 'b']) {
    const hex = page.getByTestId(`page-hex-${side}`);
    await expect(hex.locator('.page-hex-row')).toHaveCount(PAGE / 16);
    const marked = hex.locator('[data-changed="true"]');
    await expect(marked).toHaveCount(1);
    // Byte 100 of the page: row 6 (0x060), column 4.
    await expect(hex.locator('.page-hex-row').nth(6).locator('.page-hex-byte').nth(4)).toHaveAttribute(
      'data-changed',
      'true',
    );
  }
  await screenshot(page, 'memory-diff');
});
