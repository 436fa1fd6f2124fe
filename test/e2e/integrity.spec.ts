// The Integrity tab: sha256 of every member on request (and then in the CRIU
// images tab), verify against a sha256sum list that passes and one with a
// member's hash changed that fails naming it, and the custody log showing
// the open and the verifies.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE, ROOT, expect, openArchive, screenshot, test } from './gui-fixtures';

const sha256Of = (member: string) =>
  execFileSync('sh', ['-c', `tar -xOf "$0" "$1" | sha256sum`, FIXTURE, member], { encoding: 'utf8' }).slice(0, 64);

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'h-integrity-e2e-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('hashes shown per member, verify passes and fails naming the member, custody lists them', async ({ page }) => {
  await openArchive(page, FIXTURE);
  await page.getByTestId('tab-integrity').click();
  await page.getByTestId('integrity-compute').click();
  const row = page.getByTestId('hash-row-checkpoint/core-1.img');
  await expect(row.getByTestId('member-sha256')).toHaveText(sha256Of('checkpoint/core-1.img'));
  await expect(page.getByTestId('integrity-archive')).toContainText(
    execFileSync('sha256sum', [FIXTURE], { encoding: 'utf8' }).slice(0, 64),
  );

  await page.getByTestId('tab-images').click();
  const core = page.getByTestId('image-row-checkpoint/core-1.img');
  await expect(core.getByTestId('image-sha256')).toHaveText(sha256Of('checkpoint/core-1.img'));

  // The list the CLI writes for this archive (the browser host keeps the upload's file name: the first line matches).
  const list = execFileSync(process.execPath, [path.join(ROOT, 'dist/cli/cli.cjs'), 'hash', FIXTURE], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CONFIG_HOME: dir, XDG_CACHE_HOME: dir },
  });
  const good = path.join(dir, 'good.sha256');
  writeFileSync(good, list);
  const bad = path.join(dir, 'bad.sha256');
  writeFileSync(bad, list.replace(/^[0-9a-f]{64}(?= {2}checkpoint\/pstree\.img$)/m, '0'.repeat(64)));

  await page.getByTestId('tab-integrity').click();
  await page.getByTestId('verify-file').setInputFiles(good);
  await expect(page.getByTestId('verify-summary')).toContainText('Verified against good.sha256');
  await page.getByTestId('verify-file').setInputFiles(bad);
  await expect(page.getByTestId('verify-summary')).toContainText('Does not match');
  await expect(page.getByTestId('verify-summary')).toContainText('1 differ');
  await expect(page.getByTestId('verify-row-checkpoint/pstree.img')).toContainText('differs');

  await page.getByTestId('custody-reload').click();
  await expect(page.getByTestId('custody-row-opened').first()).toBeVisible();
  await expect(page.getByTestId('custody-row-verified')).toHaveCount(2);
  await expect(page.getByTestId('custody-row-hashed')).toHaveCount(1);
  await screenshot(page, 'integrity');
});
