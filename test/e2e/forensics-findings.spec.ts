// Findings of the web fixture: the AWS secret of the manifest is listed masked
// and shows its real value only when revealed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE, ROOT, expect, openArchive, screenshot, test } from './gui-fixtures';

const manifest = JSON.parse(
  readFileSync(path.join(ROOT, 'test', 'fixtures', 'containerd-cri-web.manifest.json'), 'utf8'),
) as { env: { secret: { key: string; value: string } } };
const secret = manifest.env.secret;

test('AWS_SECRET_ACCESS_KEY is masked, then revealed on click', async ({ page }) => {
  await openArchive(page, FIXTURE);
  await page.getByTestId('tab-findings').click();
  const row = page.getByTestId(`finding-${secret.key}`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-severity', 'high');
  const value = row.getByTestId('finding-value');
  const masked = (await value.textContent()) ?? '';
  expect(masked).not.toContain(secret.value);
  expect(masked).toContain('•');
  // The page holds no unmasked copy before the click.
  expect(await page.content()).not.toContain(secret.value);
  const high = page.getByTestId('findings-count-high');
  await expect(high).toContainText(/[1-9]/);

  await row.getByTestId('finding-reveal').click();
  await expect(value).toHaveText(secret.value);
  await screenshot(page, 'forensics-findings');
  await row.getByTestId('finding-reveal').click();
  await expect(value).toHaveText(masked);
});
