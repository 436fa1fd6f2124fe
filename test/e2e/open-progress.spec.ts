// Opening a 1 GiB compressed archive is a job: the start screen shows the
// bytes decompressed so far against the total, and Cancel stops it, leaving
// nothing open and no error.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE, expect, test } from './gui-fixtures';

let dir = '';
let big = '';

test.beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ci-e2e-open-'));
  const tree = path.join(dir, 'tree');
  execFileSync('mkdir', ['-p', tree]);
  execFileSync('tar', ['-xf', FIXTURE, '-C', tree]);
  // Incompressible, so the compressed archive is 1 GiB too and takes seconds to decompress.
  execFileSync('sh', ['-c', `head -c 1073741824 /dev/urandom > ${tree}/checkpoint/pages-99.img`]);
  big = path.join(dir, 'big-checkpoint.tar.zst');
  execFileSync('sh', ['-c', `tar -C ${tree} -cf - . | zstd -q -1 -T0 -o ${big}`]);
  rmSync(tree, { recursive: true, force: true });
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a 1 GiB zstd archive shows decompression progress and cancels cleanly', async ({ page }) => {
  test.setTimeout(180_000);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-checkpoint').click();
  await (await chooser).setFiles(big);
  const progress = page.getByTestId('open-progress');
  await expect(progress).toBeVisible({ timeout: 60_000 });
  await expect(progress).toContainText('decompressing');
  // Bytes so far, of the archive's size (about 1 GiB).
  await expect(page.getByTestId('open-progress-bytes')).toContainText(/ of 1(\.0+)? GiB/);
  await page.getByTestId('open-cancel').click();
  await expect(progress).toBeHidden();
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await expect(page.getByTestId('archive-screen')).toBeHidden();
  await expect(page.locator('.start-error')).toHaveCount(0);
  await expect(page.getByTestId('jobs-indicator')).toHaveCount(0);
  // Nothing stays open on the host: a reload picks up what the host holds, and it holds nothing.
  await page.reload();
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await expect(page.getByTestId('archive-screen')).toHaveCount(0);
});
