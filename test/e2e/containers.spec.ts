// Against the testbed's containerd: the containers table, a checkpoint with
// progress that opens the new archive. Needs root and `npm run testbed:up`.
import { expect, screenshot, test } from './gui-fixtures';

test.use({ hostArgs: ['--allow-checkpoint'] });

test('lists web, checkpoints it with visible progress and opens the archive', async ({ page, testbed }) => {
  test.setTimeout(180_000);
  await page.getByTestId('socket-path').fill(testbed.socket);
  await page.getByTestId('connect-button').click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  // Earlier runs may leave stopped containers of the same name; the id picks this testbed's.
  const web = page
    .getByTestId(`container-row-${testbed.workloads.web.containerName}`)
    .filter({ hasText: testbed.workloads.web.containerId.slice(0, 12) });
  await expect(web).toBeVisible();
  await expect(web.getByTestId('container-state')).toHaveText('running');
  await page.getByTestId('container-filter').fill('web');
  await expect(web).toBeVisible();

  await web.getByTestId(`checkpoint-${testbed.workloads.web.containerName}`).click();
  const dialog = page.getByTestId('checkpoint-dialog');
  await expect(dialog.getByTestId('checkpoint-file-name')).toHaveValue(/\.tar$/);
  await dialog.getByTestId('checkpoint-folder').fill(testbed.archiveDir);
  await dialog.getByTestId('checkpoint-start').click();

  const panel = page.getByTestId('job-panel');
  await expect(panel).toBeVisible();
  // At least one phase is reported before it ends (job.progress events).
  await expect(panel.getByTestId('job-phases').locator('li')).not.toHaveCount(0);
  await expect(panel).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
  await expect(page.getByTestId('archive-screen')).toBeVisible();
  await expect(page.getByTestId('container-name')).toHaveText(testbed.workloads.web.containerName);
  await screenshot(page, 'containers-checkpoint');
});
