// A Podman archive (zstd): its rootfs-diff.tar has the written files and its
// deleted.files names what was removed; the Root FS diff tab shows both, with
// the marks that can be known without the base image.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, expect, expectRootfsMarks, openArchive, test } from './gui-fixtures';

const manifest = JSON.parse(
  readFileSync(path.join(ROOT, 'test', 'fixtures', 'podman-web-zstd.manifest.json'), 'utf8'),
) as {
  container: { name: string };
  rootfsDiff: { added: string[]; changed: string[]; deleted: string[] };
};

test('podman zstd archive: written files as A/M, deleted.files as D, contents readable', async ({ page }) => {
  await openArchive(page, path.join(ROOT, 'test', 'fixtures', 'podman-web-zstd.tar.zst'));
  await expect(page.getByTestId('container-name')).toHaveText(manifest.container.name);
  await page.getByTestId('tab-rootfs').click();
  await expectRootfsMarks(page, manifest.rootfsDiff);
  const written = '/data/written-after-start.txt';
  expect(manifest.rootfsDiff.added).toContain(written);
  await page.getByTestId('rootfs-filter').fill(written);
  await page.getByTestId(`rootfs-entry-${written}`).click();
  await expect(page.getByTestId('rootfs-text')).toContainText('written after start');
});
