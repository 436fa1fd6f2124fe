// Against the testbed: a checkpoint CRIU cannot make (a container holding an
// established TCP connection), into a folder containerd cannot see. The job
// panel says which path was taken and why, then CRIU's own words from
// dump.log, the step and the versions. Needs root and `npm run testbed:up`.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startUndumpable } from '../integration/support/undumpable-workload';
import { expect, screenshot, test } from './gui-fixtures';

test.use({ hostArgs: ['--allow-checkpoint'] });

test('a CRIU failure shows the dump.log lines that explain it', async ({ page, testbed }) => {
  test.setTimeout(180_000);
  const name = `h-paths-e2e-tcp-${process.pid}`;
  const tcp = await startUndumpable(testbed, name);
  // The host's /tmp: not containerd's (a tmpfs in its mount namespace), so the native path streams.
  const folder = mkdtempSync(path.join(os.tmpdir(), 'h-paths-e2e-'));
  try {
    await expect(page.getByTestId('socket-path')).not.toHaveValue('');
    await page.getByTestId('socket-path').fill(testbed.socket);
    await page.getByTestId('connect-button').click();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    await page.getByTestId('nav-containers').click();
    await page.getByTestId('container-filter').fill(name);
    const row = page.getByTestId(`container-row-${name}`);
    await expect(row.getByTestId('container-state')).toHaveText('running', { timeout: 30_000 });

    await row.getByTestId(`checkpoint-${name}`).click();
    const dialog = page.getByTestId('checkpoint-dialog');
    await dialog.getByTestId('checkpoint-folder').fill(folder);
    // The dialog says beforehand what the job panel says after: containerd does not see the folder, so it streams.
    await expect(dialog.getByTestId('checkpoint-plan')).toHaveAttribute('data-state', 'ready');
    await expect(dialog.getByTestId('checkpoint-containerd-sees')).toContainText('containerd does not see this folder');
    await expect(dialog.getByTestId('checkpoint-path-how')).toHaveAttribute('data-how', 'native-streamed');
    await dialog.getByTestId('checkpoint-start').click();

    const panel = page.getByTestId('job-panel');
    await expect(panel).toHaveAttribute('data-state', 'failed', { timeout: 150_000 });
    await expect(panel.getByTestId('job-notes')).toContainText(`path: native (the container was not made through CRI)`);
    await expect(panel.getByTestId('job-notes')).toContainText(
      "CRIU's images stream through containerd's content store",
    );
    // The step it failed in has no tick.
    await expect(panel.getByTestId('job-phases').locator('li').last()).toHaveAttribute('data-state', 'stopped');
    const failed = panel.getByTestId('job-failed');
    // The log's lines first: if CRIU failed otherwise than expected, this failure prints what it said.
    const log = failed.getByTestId('error-log');
    await expect(log).toContainText("CRIU's dump.log (read before its work folder was removed)");
    await expect(log).toContainText('inet: Connected TCP socket, consider using --tcp-established option.');
    await expect(log).toContainText('Dumping FAILED.');
    await expect(failed.getByTestId('error-message')).toContainText(`CRIU could not dump ${name} (Dump files (pid:`);
    await expect(failed.getByTestId('error-message')).toContainText(`CRIU ${testbed.versions.criu}, kernel`);
    await screenshot(page, 'checkpoint-criu-failure');
  } finally {
    await tcp.remove();
    rmSync(folder, { recursive: true, force: true });
  }
});
