// The settings dialog: main keeps what it saves (settings.update), a reload
// reads it back (settings.get), and the app follows it (theme, masking).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE, ROOT, expect, openArchive, screenshot, test } from './gui-fixtures';

const manifest = JSON.parse(
  readFileSync(path.join(ROOT, 'test', 'fixtures', 'containerd-cri-web.manifest.json'), 'utf8'),
) as {
  processes: { pid: number; comm: string }[];
  env: { secret: { key: string; value: string } };
};

test('settings are validated, saved by main, read back after a reload, and followed', async ({ page }) => {
  await page.getByTestId('settings-button').click();
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog.getByTestId('settings-socket')).not.toHaveValue('');

  await dialog.getByTestId('settings-namespaces').fill('k8s.io, not/a namespace');
  await expect(dialog.getByTestId('settings-namespaces-problem')).toContainText('not/a');
  await expect(dialog.getByTestId('settings-save')).toBeDisabled();

  const socket = `/tmp/ci-e2e-settings-${Date.now()}/containerd.sock`;
  await dialog.getByTestId('settings-socket').fill(socket);
  await dialog.getByTestId('settings-namespaces').fill('k8s.io default');
  await dialog.getByTestId('settings-output').fill('/tmp/ci-e2e-checkpoints');
  await dialog.getByTestId('settings-mask').uncheck();
  await dialog.getByTestId('settings-theme').selectOption('dark');
  await screenshot(page, 'settings-dialog');
  await dialog.getByTestId('settings-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('settings-button').click();
  await expect(dialog.getByTestId('settings-socket')).toHaveValue(socket);
  await expect(dialog.getByTestId('settings-namespaces')).toHaveValue('k8s.io, default');
  await expect(dialog.getByTestId('settings-output')).toHaveValue('/tmp/ci-e2e-checkpoints');
  await expect(dialog.getByTestId('settings-mask')).not.toBeChecked();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // With masking off, the secret shows without a reveal.
  await openArchive(page, FIXTURE);
  await page.getByTestId('tab-processes').click();
  const httpd = manifest.processes.find((p) => p.comm === 'httpd')!;
  await page.getByTestId(`process-row-${httpd.pid}`).click();
  await page.getByTestId('detail-tab-env').click();
  await expect(page.getByTestId(`env-row-${manifest.env.secret.key}`).getByTestId('env-value')).toHaveText(
    manifest.env.secret.value,
  );
});
