// A new user's first checkpoint, against the testbed: the host runs with an
// empty HOME, so the default output folder (~/checkpoints) does not exist.
// The dialog says so before anything starts, offers to create it, then says
// whether containerd sees it and which path that implies; the checkpoint
// succeeds and the job panel says the container is still running. Stopping
// the container asks for a confirmation first. Needs root and `npm run testbed:up`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readStateFile, STATE_FILE } from '../testbed/state';
import { expect, screenshot, test } from './gui-fixtures';

const socket = existsSync(STATE_FILE) ? readStateFile().socket : '/nonexistent/containerd.sock';
test.use({ hostArgs: ['--allow-checkpoint', '--address', socket], freshHome: true });

test('a first checkpoint with a missing default folder succeeds after the dialog offers to create it', async ({
  page,
  host,
  testbed,
}) => {
  test.setTimeout(180_000);
  const folder = path.join(host.home!, 'checkpoints');
  expect(existsSync(folder)).toBe(false);
  // What a new user sees first (the closing notes show these two).
  await expect(page.getByTestId('open-checkpoint')).toBeVisible();
  await screenshot(page, 'first-launch');
  await page.getByTestId('nav-containers').click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('containers-table')).toBeVisible();
  await screenshot(page, 'first-containers');
  const web = testbed.workloads.web;
  await page.getByTestId('container-filter').fill('web');
  const row = page.getByTestId(`container-row-${web.containerName}`).filter({ hasText: web.containerId.slice(0, 12) });
  await row.getByTestId(`checkpoint-${web.containerName}`).click();

  const dialog = page.getByTestId('checkpoint-dialog');
  await expect(dialog.getByTestId('checkpoint-folder')).toHaveValue(folder);
  const state = dialog.getByTestId('checkpoint-folder-state');
  await expect(dialog.getByTestId('checkpoint-plan')).toHaveAttribute('data-state', 'blocked');
  await expect(state).toHaveAttribute('data-state', 'missing');
  await expect(state).toContainText(`${folder} does not exist yet`);
  await expect(dialog.getByTestId('checkpoint-start'), 'nothing starts into a missing folder').toBeDisabled();
  await screenshot(page, 'checkpoint-first-missing-folder');

  await dialog.getByTestId('checkpoint-create-folder').click();
  await expect(state).toHaveAttribute('data-state', 'ready');
  expect(statSync(folder).isDirectory()).toBe(true);
  expect(statSync(folder).mode & 0o777).toBe(0o700);
  // The testbed's containerd runs in its own mount namespace: the host's /tmp is not its /tmp.
  await expect(dialog.getByTestId('checkpoint-containerd-sees')).toContainText('containerd does not see this folder');
  await expect(dialog.getByTestId('checkpoint-path-how')).toHaveAttribute('data-how', 'native-streamed');

  // Stopping asks first; going back to leaving it running needs no confirmation.
  await dialog.getByTestId('checkpoint-leave-running').uncheck();
  await expect(dialog.getByTestId('checkpoint-stop-warning')).toContainText(`${web.containerName} will be stopped`);
  await expect(dialog.getByTestId('checkpoint-start')).toBeDisabled();
  await dialog.getByTestId('checkpoint-confirm-stop').check();
  await expect(dialog.getByTestId('checkpoint-start')).toHaveText('Checkpoint and stop');
  await expect(dialog.getByTestId('checkpoint-start')).toBeEnabled();
  await dialog.getByTestId('checkpoint-leave-running').check();
  await expect(dialog.getByTestId('checkpoint-stop-warning')).toHaveCount(0);
  await expect(dialog.getByTestId('checkpoint-plan')).toHaveAttribute('data-state', 'ready');
  await screenshot(page, 'checkpoint-first-ready');
  await dialog.getByTestId('checkpoint-start').click();

  const panel = page.getByTestId('job-panel');
  await expect(panel).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
  await expect(panel.getByTestId('job-after')).toHaveAttribute('data-ok', 'true');
  await expect(panel.getByTestId('job-after')).toContainText('still running');
  await expect(page.getByTestId('archive-screen')).toBeVisible();
  expect(readdirSync(folder).filter((f) => f.endsWith('.tar'))).toHaveLength(1);
});
