// containerd's own checkpoint images in Chromium, against the testbed: the
// "Checkpoint images" view beside the containers lists the two the testbed
// made (ctr container checkpoint, with and without --rw); Open makes the
// archive and shows it, the header naming the image; the layout tar of `ctr
// images export`, uploaded, opens as the same checkpoint. Needs root and the
// testbed.
import { expect, screenshot, showTab, test } from './gui-fixtures';

test('the checkpoint images of containerd are listed beside the containers and open as archives', async ({
  page,
  testbed,
}) => {
  test.setTimeout(120_000);
  const images = testbed.checkpointImages;
  if (!images)
    throw new Error('the testbed was started by an older checkout: npm run testbed:down && npm run testbed:up');
  await expect(page.getByTestId('socket-path')).not.toHaveValue('');
  await page.getByTestId('socket-path').fill(testbed.socket);
  await page.getByTestId('connect-button').click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');

  await page.getByTestId('view-checkpoint-images').click();
  const list = page.getByTestId('checkpoint-images');
  const rw = list.getByTestId(`checkpoint-image-row-${images.withRootfsDiff}`);
  const taskOnly = list.getByTestId(`checkpoint-image-row-${images.withoutRootfsDiff}`);
  await expect(rw).toBeVisible();
  await expect(rw).toContainText('containerd');
  await expect(rw).toContainText(testbed.workloads.plain.image);
  await expect(rw.getByRole('cell').nth(5)).toHaveText('yes');
  await expect(taskOnly.getByRole('cell').nth(5)).toHaveText('no');
  await expect(page.getByTestId('checkpoint-images-problems')).toHaveCount(0);
  await screenshot(page, 'containerd-checkpoint-images');

  await rw.getByTestId('open-checkpoint-image').click();
  await expect(page.getByTestId('archive-screen')).toBeVisible();
  const header = page.getByTestId('archive-checkpoint-image');
  await expect(header).toContainText(images.withRootfsDiff);
  await expect(header).toContainText('containerd checkpoint image, containerd image store, namespace default');
  await expect(header).toContainText('CRIU images');
  await expect(page.getByTestId('archive-image')).toHaveText(testbed.workloads.plain.image);
  await showTab(page, 'processes');
  await expect(page.getByTestId('panel-processes')).toContainText('/bin/sleep 3600');
  await showTab(page, 'rootfs');
  await expect(page.getByTestId('panel-rootfs')).toContainText('plain.txt');
  await screenshot(page, 'containerd-checkpoint-image-open');
});

test('the layout tar of ctr images export opens as the same checkpoint', async ({ page, testbed }) => {
  const images = testbed.checkpointImages;
  if (!images)
    throw new Error('the testbed was started by an older checkout: npm run testbed:down && npm run testbed:up');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-checkpoint').click();
  await (await chooser).setFiles(images.layoutTar);
  await expect(page.getByTestId('archive-screen')).toBeVisible();
  const header = page.getByTestId('archive-checkpoint-image');
  await expect(header).toContainText('containerd checkpoint image, OCI layout tar');
  await expect(header).toContainText(images.withRootfsDiff);
  await showTab(page, 'processes');
  await expect(page.getByTestId('panel-processes')).toContainText('/bin/sleep 3600');
});
