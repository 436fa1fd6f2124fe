// Findings and report export over a real 1 GiB checkpoint (the testbed's memhog
// with 1024 MiB touched): each shows its progress while it runs, and the user's
// Cancel reads as cancelled, not as a failure; run again, findings finish.
// Needs root and `npm run testbed:up`.
import { execFile } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startHost } from './browser-host';
import { ROOT, expect, screenshot, startMemoryPod, test } from './gui-fixtures';

const run = promisify(execFile);
const CLI = path.join(ROOT, 'bin', 'checkpoint-inspector.cjs');

test('findings and report export of a 1 GiB checkpoint show progress and cancel as cancelled', async ({
  page,
  testbed,
}) => {
  test.setTimeout(420_000);
  const mem = await startMemoryPod(1024);
  const archive = path.join(testbed.archiveDir, `forensics-cancel-${Date.now()}.tar`);
  await run(process.execPath, [CLI, 'checkpoint', mem.containerId, '--address', testbed.socket, '--output', archive], {
    cwd: ROOT,
    timeout: 240_000,
  });
  expect(statSync(archive).size).toBeGreaterThan(2 ** 30);
  const host = await startHost([archive]);
  try {
    await page.goto(host.url);
    await expect(page.getByTestId('archive-screen')).toBeVisible({ timeout: 60_000 });

    await page.getByTestId('tab-findings').click();
    const job = page.getByTestId('findings-job');
    await expect(job).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
    // Progress as bytes scanned of the total, before it ends.
    await expect(page.getByTestId('findings-job-progress')).toContainText(/ of [\d.]+ (MiB|GiB)/, { timeout: 60_000 });
    await screenshot(page, 'findings-1gib-progress');
    await page.getByTestId('findings-job-cancel').click();
    const cancelled = page.getByTestId('findings-cancelled');
    await expect(cancelled).toHaveAttribute('data-state', 'cancelled');
    await expect(cancelled).toContainText('Findings cancelled.');
    await expect(page.getByTestId('error-view')).toHaveCount(0);
    await cancelled.getByTestId('findings-cancelled-retry').click();
    // Run again, it ends: the counts, or the empty state when memhog's memory holds no secret.
    const ended = page.getByTestId('findings-counts').or(page.getByText('No findings in this archive.'));
    await expect(ended).toBeVisible({ timeout: 180_000 });
    await expect(page.getByTestId('findings-job')).toHaveCount(0);

    await page.getByTestId('report-export-button').click();
    await expect(page.getByTestId('report-progress')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('report-cancel').click();
    await expect(page.getByTestId('report-status')).toHaveText('Export cancelled');
  } finally {
    await host.stop();
    rmSync(archive, { force: true });
  }
});
