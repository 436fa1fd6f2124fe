// Opens the containerd CRI fixture and visits every tab of the archive screen,
// asserting facts from test/fixtures/containerd-cri-web.manifest.json.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE, ROOT, expect, expectRootfsMarks, openArchive, screenshot, showTab, test } from './gui-fixtures';

interface Manifest {
  container: { id: string; name: string; image: string; pod: { name: string; namespace: string } };
  processes: { pid: number; comm: string; argv: string[] }[];
  env: { keys: string[]; secret: { key: string; value: string } };
  listening: { pid: number; port: number }[];
  openFiles: Record<string, string[]>;
  rootfsDiff: { added: string[]; changed: string[]; deleted: string[] };
}

const manifest = JSON.parse(
  readFileSync(path.join(ROOT, 'test', 'fixtures', 'containerd-cri-web.manifest.json'), 'utf8'),
) as Manifest;
const httpd = manifest.processes.find((p) => p.comm === 'httpd');
const listener = manifest.listening[0];

test.beforeEach(async ({ page }) => {
  await openArchive(page, FIXTURE);
});

test('header and overview show the container, image, pod and sha256', async ({ page }) => {
  await expect(page.getByTestId('container-name')).toHaveText(manifest.container.name);
  await expect(page.getByTestId('archive-image')).toHaveText(manifest.container.image);
  const sha256 = createHash('sha256').update(readFileSync(FIXTURE)).digest('hex');
  await expect(page.getByTestId('archive-sha256')).toHaveText(sha256);
  // The copy button beside the hash copies it whole and says so.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('copy-sha256').click();
  await expect(page.getByTestId('copy-sha256')).toHaveAttribute('data-state', 'copied');
  await expect(page.getByTestId('copy-sha256')).toHaveAccessibleName('SHA-256 copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(sha256);
  const overview = page.getByTestId('overview');
  await expect(overview.getByTestId('card-container')).toContainText(manifest.container.id);
  await expect(overview.getByTestId('card-pod')).toContainText(manifest.container.pod.namespace);
  await expect(overview.getByTestId('card-sizes')).toBeVisible();
  await screenshot(page, 'archive-overview');
});

test('processes: tree, search, command line and a masked environment variable', async ({ page }) => {
  expect(httpd).toBeDefined();
  await page.getByTestId('tab-processes').click();
  for (const p of manifest.processes) await expect(page.getByTestId(`process-row-${p.pid}`)).toContainText(p.comm);
  await page.getByTestId('process-search').fill('httpd');
  await expect(page.getByTestId('process-row-7')).toHaveCount(0);
  await page.getByTestId(`process-row-${httpd!.pid}`).click();
  await expect(page.getByTestId('process-cmdline')).toContainText(String(listener!.port));
  await page.getByTestId('detail-tab-env').click();
  const secret = page.getByTestId(`env-row-${manifest.env.secret.key}`);
  await expect(secret).toBeVisible();
  // Masked until revealed.
  await expect(secret.getByTestId('env-value')).not.toContainText(manifest.env.secret.value);
  await secret.getByTestId('env-reveal').click();
  await expect(secret.getByTestId('env-value')).toHaveText(manifest.env.secret.value);
  for (const key of manifest.env.keys) await expect(page.getByTestId(`env-row-${key}`)).toBeVisible();
  await screenshot(page, 'archive-processes');
});

test("files & sockets: the open log file and the TCP listener's port", async ({ page }) => {
  await page.getByTestId('tab-files').click();
  const [pid, files] = Object.entries(manifest.openFiles).find(([, list]) => list.includes('/data/log.txt'))!;
  const table = page.getByTestId('files-table');
  await page.getByTestId('files-filter').fill('/data/log.txt');
  const logRow = table.getByRole('row').filter({ hasText: files[0]! }).first();
  await expect(logRow).toContainText(pid);
  // A cell's right-click menu copies the cell, or the whole row tab-separated.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await logRow.getByText('/data/log.txt').first().click({ button: 'right' });
  await page.getByTestId('cell-menu-copy').click();
  await expect(page.getByTestId('copy-feedback')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('/data/log.txt');
  await logRow.getByText('/data/log.txt').first().click({ button: 'right' });
  await page.getByTestId('cell-menu-copy-row').click();
  const row = await page.evaluate(() => navigator.clipboard.readText());
  expect(row.split('\t')).toContain(pid);
  await page.getByTestId('files-kind-sockets').click();
  await page.getByTestId('files-filter').fill('');
  await expect(
    page
      .getByTestId(`sockets-table`)
      .getByTestId('socket-local')
      .filter({ hasText: `:${listener!.port}` }),
  ).toHaveCount(1);
  await screenshot(page, 'archive-sockets');
});

test('root FS diff: honest markers and the contents of a file written after start', async ({ page }) => {
  await page.getByTestId('tab-rootfs').click();
  // Without the base image a file the container wrote may be new or replace one
  // of the image: the manifest's "added" and "changed" both show as "A/M".
  const written = '/data/written-after-start.txt';
  expect(manifest.rootfsDiff.added).toContain(written);
  await page.getByTestId('rootfs-filter').fill('written-after');
  const row = page.getByTestId(`rootfs-entry-${written}`);
  await row.click();
  await expect(row).toHaveAttribute('data-change', 'changed');
  await expect(row.getByTestId('rootfs-marker')).toHaveText('A/M');
  await expect(row.getByTestId('rootfs-marker')).toHaveAttribute('title', /without the base image/i);
  await expect(page.getByTestId('rootfs-preview-change')).toHaveText('added or modified');
  await expect(page.getByTestId('rootfs-text')).toContainText('written after start');

  const changed = manifest.rootfsDiff.changed[0]!;
  await page.getByTestId('rootfs-filter').fill(path.basename(changed));
  await page.getByTestId(`rootfs-entry-${changed}`).click();
  await expect(page.getByTestId(`rootfs-entry-${changed}`).getByTestId('rootfs-marker')).toHaveText('A/M');
  await expect(page.getByTestId('rootfs-text')).toContainText('changed after start');

  const deleted = manifest.rootfsDiff.deleted[0]!;
  await page.getByTestId('rootfs-filter').fill(path.basename(deleted));
  const gone = page.getByTestId(`rootfs-entry-${deleted}`);
  await expect(gone).toHaveAttribute('data-change', 'deleted');
  await expect(gone.getByTestId('rootfs-marker')).toHaveText('D');
  await gone.click();
  await expect(page.getByTestId('rootfs-preview')).toContainText('no content');

  // Every path of the manifest is listed, with the mark that can be known.
  await expectRootfsMarks(page, manifest.rootfsDiff);
  await page.getByTestId('rootfs-filter').fill('');
  await expect(page.getByTestId('rootfs-legend-changed')).toContainText('added or modified');
  await screenshot(page, 'archive-rootfs');
});

test("mounts: the spec's mounts with type, source and a filter", async ({ page }) => {
  await page.getByTestId('tab-mounts').click();
  const table = page.getByTestId('mounts-table');
  // Every CRI container gets /proc and a bind-mounted /etc/hosts from its sandbox.
  await expect(table.getByTestId('mount-row-spec-/proc').getByTestId('mount-type')).toHaveText('proc');
  await page.getByTestId('mounts-filter').fill('hosts');
  await expect(table.getByTestId('mount-row-spec-/etc/hosts').getByTestId('mount-type')).toHaveText('bind');
  await expect(table.getByTestId('mount-row-spec-/proc')).toHaveCount(0);
  await page.getByTestId('mounts-filter').fill('');
  // CRIU's mountpoints image has the same mount; the source switch shows one or the other.
  await page.getByTestId('mounts-source-criu').click();
  await expect(table.getByTestId('mount-row-criu-/proc')).toBeVisible();
  await expect(table.getByTestId('mount-row-spec-/proc')).toHaveCount(0);
  await page.getByTestId('mounts-source-all').click();
  await screenshot(page, 'archive-mounts');
});

test('config and spec: JSON trees with search', async ({ page }) => {
  await page.getByTestId('tab-config').click();
  await expect(page.getByTestId('json-node-$.id')).toContainText(manifest.container.id);
  await expect(page.getByTestId('json-node-$.rootfsImageName')).toContainText(manifest.container.image);
  await page.getByTestId('tab-spec').click();
  await page.getByTestId('json-search').fill('APP_MODE');
  await expect(page.getByTestId('spec-json').getByRole('treeitem').filter({ hasText: 'APP_MODE=testbed' })).toHaveCount(
    1,
  );
  await screenshot(page, 'archive-spec');
});

test('CRIU images: list with types, a decoded pstree entry, raw pages in hex', async ({ page }) => {
  await page.getByTestId('tab-images').click();
  const pstree = page.getByTestId('image-row-checkpoint/pstree.img');
  await expect(pstree).toContainText('PSTREE');
  await pstree.click();
  await expect(page.getByTestId('json-node-$.entries.0.pid')).toContainText('1');
  await expect(page.getByTestId('json-node-$.magic')).toContainText('PSTREE');
  await page.getByTestId('images-filter').fill('pages-');
  await page.locator('[data-testid^="image-row-checkpoint/pages-"]').first().click();
  await expect(page.getByTestId('hex-viewer')).toBeVisible();
  await expect(page.getByTestId('hex-row-0x0')).toBeVisible();
  await screenshot(page, 'archive-images');
});

test('log: dump.log with search', async ({ page }) => {
  await page.getByTestId('tab-log').click();
  await expect(page.getByTestId('log-text')).toContainText('Dumping');
  await page.getByTestId('log-search').fill('Dumping task');
  await expect(page.getByTestId('log-matches')).toHaveText(/of [1-9]/);
  await screenshot(page, 'archive-log');
});

test('the processes split resizes by dragging and by the keyboard, and keeps its place after a reload', async ({
  page,
}) => {
  await showTab(page, 'processes');
  const handle = page.getByTestId('split-handle-processes');
  const tree = page.getByTestId('split-processes').locator('> *').first();
  const before = (await tree.boundingBox())?.width ?? 0;
  const box = await handle.boundingBox();
  expect(box).not.toBeNull();
  const y = box!.y + box!.height / 2;
  await page.mouse.move(box!.x + 2, y);
  await page.mouse.down();
  await page.mouse.move(box!.x + 120, y, { steps: 4 });
  await page.mouse.move(box!.x + 200, y, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await tree.boundingBox())?.width ?? 0).toBeGreaterThan(before + 150);
  const dragged = Number(await handle.getAttribute('aria-valuenow'));
  await handle.press('ArrowLeft');
  await expect(handle).toHaveAttribute('aria-valuenow', String(dragged - 2));
  await page.reload();
  await expect(page.getByTestId('split-handle-processes')).toHaveAttribute('aria-valuenow', String(dragged - 2));
});
