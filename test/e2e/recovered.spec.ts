// The Recovered tab on an archive built from objects (recovered-images.ts):
// the list with owners and sizes, a preview, search within an item, and save
// (the browser host downloads the exact bytes).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, expect, openArchive, screenshot, test } from './gui-fixtures';

let dir = '';
let archive = '';
const PIPE_BYTES = 'unread pipe bytes\n';

test.beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'h-recovered-e2e-'));
  const gen = path.join(dir, 'gen.cjs');
  // Bundled as the app is (scripts/raw-text-plugin.mjs inlines the .proto schemas), in a child node.
  const bundle = [
    "import { build } from 'esbuild';",
    "import { rawTextPlugin } from './scripts/raw-text-plugin.mjs';",
    `await build({ entryPoints: [${JSON.stringify(path.join(__dirname, 'recovered-fixture-gen.ts'))}], outfile: ${JSON.stringify(gen)},`,
    "  bundle: true, platform: 'node', format: 'cjs', logLevel: 'error', plugins: [rawTextPlugin] });",
  ].join('\n');
  execFileSync(process.execPath, ['--input-type=module', '-e', bundle], { cwd: ROOT });
  archive = path.join(dir, 'recovered.tar');
  execFileSync(process.execPath, [gen, archive]);
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('recovered: every item listed; preview, search and download of a pipe', async ({ page }) => {
  await openArchive(page, archive);
  await page.getByTestId('tab-recovered').click();
  const panel = page.getByTestId('panel-recovered');
  const table = panel.getByTestId('recovered-table');
  for (const kind of ['ghost-file', 'memfd', 'pipe', 'socket-queue', 'tcp-in', 'tcp-out'])
    await expect(table.getByTestId(`recovered-row-${kind}`)).toHaveCount(1);
  await expect(table.getByTestId('recovered-row-ghost-file')).toContainText('/tmp/secret.txt');
  await expect(table.getByTestId('recovered-row-pipe')).toContainText('1:3 (read), 1:4 (write)');
  await table.getByTestId('recovered-row-pipe').click();
  const detail = panel.getByTestId('recovered-detail');
  await expect(detail.getByTestId('recovered-preview')).toHaveText(PIPE_BYTES);
  await expect(detail.getByTestId('recovered-preview')).toHaveAttribute('data-encoding', 'text');
  await detail.getByTestId('recovered-search-input').fill('pipe');
  await detail.getByTestId('recovered-search').click();
  await expect(detail.getByTestId('recovered-match')).toHaveCount(1);
  await expect(detail.getByTestId('recovered-match')).toContainText('7: unread pipe bytes');
  await screenshot(page, 'recovered-tab');
  const download = page.waitForEvent('download');
  await detail.getByTestId('recovered-save').click();
  const file = await (await download).path();
  const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
  expect(sha(readFileSync(file))).toBe(sha(PIPE_BYTES));
  await expect(detail.getByTestId('recovered-save-state')).toHaveText('Downloaded.');
});

test('recovered: an archive without such data says so', async ({ page }) => {
  await openArchive(page, path.join(__dirname, '..', 'fixtures', 'containerd-cri-web.tar'));
  await page.getByTestId('tab-recovered').click();
  await expect(page.getByTestId('panel-recovered')).toContainText('No deleted-but-open files, memfds');
});
