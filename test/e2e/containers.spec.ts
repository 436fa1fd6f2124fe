// Against the testbed's containerd: the containers table, a checkpoint with
// progress that opens the new archive, live updates from containerd's events.
// Needs root and `npm run testbed:up`.
import { rmSync } from 'node:fs';
import { expect, screenshot, startMemoryPod, test } from './gui-fixtures';

test.use({ hostArgs: ['--allow-checkpoint'] });

test('lists web, checkpoints it with visible progress and opens the archive', async ({ page, testbed }) => {
  test.setTimeout(180_000);
  // The field is prefilled from the settings once they arrive; type after that, as a person would.
  await expect(page.getByTestId('socket-path')).not.toHaveValue('');
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

test('the table follows containerd live, also after a reconnection', async ({ page, testbed }) => {
  test.setTimeout(240_000);
  // The field is prefilled from the settings once they arrive; type after that, as a person would.
  await expect(page.getByTestId('socket-path')).not.toHaveValue('');
  await page.getByTestId('socket-path').fill(testbed.socket);
  await page.getByTestId('connect-button').click();
  await page.getByTestId('nav-containers').click();
  const status = page.getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('containers-table')).toBeVisible();
  // memhog's pod is made anew each time: the old container goes, a new one comes.
  const mib = 8;
  await page.getByTestId('container-filter').fill(`mem-${mib}`);
  const row = (containerId: string) =>
    page
      .getByTestId('containers-table')
      .getByRole('row')
      .filter({ hasText: containerId.slice(0, 12) });

  const first = await startMemoryPod(mib);
  await expect(row(first.containerId), 'a new pod appears without reload').toBeVisible({ timeout: 30_000 });
  await expect(row(first.containerId).getByTestId('container-state')).toHaveText('running', { timeout: 30_000 });

  // A reconnection (connection.changed: connecting, then connected) must not end the live updates.
  await page.getByTestId('reconnect-button').click();
  await expect(status).toHaveAttribute('data-state', 'connected');
  const second = await startMemoryPod(mib);
  expect(second.containerId).not.toBe(first.containerId);
  await expect(row(second.containerId), 'the restarted pod appears after the reconnection').toBeVisible({
    timeout: 30_000,
  });
  await expect(row(first.containerId), 'the removed one goes').toHaveCount(0, { timeout: 30_000 });
  await screenshot(page, 'containers-live');
});

test('a checkpoint running before a reload shows again (job.list) and ends with its archive', async ({
  page,
  testbed,
}) => {
  test.setTimeout(300_000);
  // Big enough that the checkpoint usually outlasts the reload; when it does
  // not, job.list still reports how it ended, so the test holds either way.
  const mem = await startMemoryPod(768);
  // The field is prefilled from the settings once they arrive; type after that, as a person would.
  await expect(page.getByTestId('socket-path')).not.toHaveValue('');
  await page.getByTestId('socket-path').fill(testbed.socket);
  await page.getByTestId('connect-button').click();
  await page.getByTestId('nav-containers').click();
  await page.getByTestId('container-filter').fill(mem.containerId.slice(0, 12));
  const row = page
    .getByTestId('containers-table')
    .getByRole('row')
    .filter({ hasText: mem.containerId.slice(0, 12) });
  await row.getByTestId('checkpoint-memhog').click();
  const dialog = page.getByTestId('checkpoint-dialog');
  await dialog.getByTestId('checkpoint-folder').fill(testbed.archiveDir);
  await dialog.getByTestId('checkpoint-start').click();
  await expect(page.getByTestId('job-panel')).toHaveAttribute('data-state', 'running');

  await page.reload();
  const panel = page.getByTestId('job-panel');
  await expect(panel, 'the job main ran is listed after the reload').toBeVisible();
  await expect(panel).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  await expect(page.getByTestId('jobs-indicator')).toHaveCount(0);
  const written = (await panel.getByTestId('job-path').textContent()) ?? '';
  expect(written.startsWith(testbed.archiveDir)).toBe(true);
  // The outcome names the file, so the opened archive is linked to the job.
  await panel.getByTestId('job-open').click();
  await expect(page.getByTestId('archive-screen')).toBeVisible();
  await expect(page.getByTestId('container-name')).toHaveText('memhog');
  rmSync(written, { force: true });
});
