// A paused container (from any cause: here `ctr task pause`, as a checkpoint
// containerd's absence stopped from resuming would leave it) is shown as
// paused with a Resume action, and Resume makes it run again. Needs root and
// `npm run testbed:up`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, screenshot, startMemoryPod, test } from './gui-fixtures';

const run = promisify(execFile);
test.use({ hostArgs: ['--allow-checkpoint'] });

test('a paused container has a Resume action that makes it run again', async ({ page, testbed }) => {
  test.setTimeout(180_000);
  // Our own pod (mem-7), paused with containerd's own tool inside the testbed's namespace.
  const pod = await startMemoryPod(7);
  await run('nsenter', [
    '-t',
    String(testbed.pids.containerd),
    '-m',
    'ctr',
    '-n',
    'k8s.io',
    'task',
    'pause',
    pod.containerId,
  ]);
  await expect(page.getByTestId('socket-path')).not.toHaveValue('');
  await page.getByTestId('socket-path').fill(testbed.socket);
  await page.getByTestId('connect-button').click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('nav-containers').click();
  await page.getByTestId('container-filter').fill(pod.containerId.slice(0, 12));
  const row = page
    .getByTestId('containers-table')
    .getByRole('row')
    .filter({ hasText: pod.containerId.slice(0, 12) });
  await expect(row.getByTestId('container-state')).toHaveText('paused', { timeout: 30_000 });
  await screenshot(page, 'containers-paused');
  await row.getByTestId('resume-memhog').click();
  await expect(row.getByTestId('container-state')).toHaveText('running', { timeout: 30_000 });
  await expect(row.getByTestId('resume-memhog')).toHaveCount(0);
});
