// No containerd needed: connecting to a socket that does not exist shows an
// error that names the socket path, with the code's advice.
import { expect, screenshot, test } from './gui-fixtures';

test('an unreachable socket shows the error naming its path', async ({ page }) => {
  const socket = `/tmp/ci-e2e-no-such-dir-${Date.now()}/containerd.sock`;
  // The field is prefilled from the settings once they arrive; type after that, as a person would.
  await expect(page.getByTestId('socket-path')).not.toHaveValue('');
  await page.getByTestId('socket-path').fill(socket);
  await page.getByTestId('connect-button').click();
  const error = page.getByTestId('error-view').first();
  await expect(error).toBeVisible();
  await expect(error).toContainText(socket);
  await expect(error).toContainText('CONTAINERD_UNREACHABLE');
  await expect(error.getByTestId('error-advice')).toContainText('containerd is running');
  await page.getByTestId('nav-containers').click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('connection-status')).toContainText(socket);
  await screenshot(page, 'connection-error');
});

test('a stopped browser host reads "not running", not "forbidden"', async ({ page, host }) => {
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await host.stop();
  await page.getByTestId('connect-button').click();
  const error = page.getByTestId('error-view').first();
  await expect(error).toContainText('HOST_UNREACHABLE');
  await expect(error).toContainText('not running');
  await expect(error).not.toContainText('FORBIDDEN');
});
