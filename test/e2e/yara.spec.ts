// The YARA tab on the web fixture: the bundled rules list the same hits as
// the CLI (the AWS keys in each process's environment, on its stack), an
// address opens the hex viewer, and a dropped rule file with a syntax error
// shows its line and column.
import { expect, FIXTURE, openArchive, screenshot, test } from './gui-fixtures';

test('bundled YARA rules list the AWS key hits per process; an address opens the hex viewer', async ({ page }) => {
  test.setTimeout(180_000);
  await openArchive(page, FIXTURE);
  await page.getByTestId('tab-yara').click();
  await page.getByTestId('yara-run').click();
  const table = page.getByTestId('yara-hits');
  await expect(table).toBeVisible({ timeout: 150_000 });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(6);
  const both = rows.filter({ hasText: 'cloud_aws_access_key' }).filter({ hasNotText: 'cloud_aws_access_key_id' });
  await expect(both).toHaveCount(3);
  for (const comm of ['sh', 'httpd', 'tail']) await expect(both.filter({ hasText: comm })).toHaveCount(1);
  await expect(both.first()).toContainText('[stack]');
  await screenshot(page, 'yara-hits');
  await both.first().getByTestId('yara-hit-address').click();
  await expect(page.getByTestId('tab-memory')).toHaveAttribute('aria-selected', 'true');
});

test('a rule file with a syntax error shows file, line and column', async ({ page }) => {
  await openArchive(page, FIXTURE);
  await page.getByTestId('tab-yara').click();
  await page.getByTestId('yara-bundled').uncheck();
  await page.getByTestId('yara-files').setInputFiles({
    name: 'broken.yar',
    mimeType: 'text/plain',
    buffer: Buffer.from('rule broken {\n  condition: $x\n}\n'),
  });
  await expect(page.getByTestId('yara-file')).toContainText('broken.yar');
  await page.getByTestId('yara-run').click();
  await expect(page.getByTestId('yara-compile-errors')).toContainText('broken.yar:2:14: unknown pattern `$x`');
});
