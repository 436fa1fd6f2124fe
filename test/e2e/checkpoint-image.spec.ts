// Checkpoint OCI images in Chromium: an OCI layout tar uploaded through the
// file chooser, and a layout folder named on the host's command line, each
// open as the checkpoint inside, the header naming the image and its digests.
import path from 'node:path';
import { ROOT, expect, openArchive, test } from './gui-fixtures';

const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const LAYER = 'sha256:c2c6cb6160b10fd904e66e78d26d486707eaf977b6a19796cd88626344eb10fc';
const MANIFEST = 'sha256:b93beb0acb1f024a8cbe9f7910a77f14440281a1797b40cdfa122329ca025339';

test('an OCI layout tar made by checkpointctl build opens as its checkpoint', async ({ page }) => {
  await openArchive(page, path.join(FIXTURES, 'podman-web-oci.tar'));
  const image = page.getByTestId('archive-checkpoint-image');
  await expect(image).toContainText('ck');
  await expect(image).toContainText('OCI layout tar');
  await expect(image).toContainText(MANIFEST);
  await expect(image).toContainText(LAYER);
  await expect(page.getByTestId('archive-image')).toHaveText('localhost/checkpoint-inspector/busybox:testbed');
});

test.describe('a layout folder named at start', () => {
  test.use({ hostArgs: [path.join(FIXTURES, 'podman-web-oci-dir')] });
  test('opens as one archive, the folder layout named', async ({ page }) => {
    // The one archive the host opened at start: its tab is titled by the container (web) and the checkpoint time.
    const tab = page.getByTestId('archive-tabs').getByRole('tab', { name: /^web\b/ });
    await expect(tab).toHaveCount(1);
    await tab.click();
    const image = page.getByTestId('archive-checkpoint-image');
    await expect(image).toContainText('OCI layout folder');
    await expect(image).toContainText(LAYER);
  });
});

test('a plain archive shows no checkpoint image', async ({ page }) => {
  await openArchive(page, path.join(FIXTURES, 'podman-web-none.tar'));
  await expect(page.getByTestId('archive-image')).toBeVisible();
  await expect(page.getByTestId('archive-checkpoint-image')).toHaveCount(0);
});
