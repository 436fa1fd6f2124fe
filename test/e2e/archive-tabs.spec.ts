// Opens the containerd CRI fixture and visits every tab of the archive screen,
// asserting facts from test/fixtures/containerd-cri-web.manifest.json.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE, ROOT, expect, openArchive, screenshot, test } from './gui-fixtures';

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
  await expect(table.getByRole('row').filter({ hasText: files[0]! }).first()).toContainText(pid);
  await page.getByTestId('files-kind-sockets').click();
  await page.getByTestId('files-filter').fill('');
  await expect(page.getByTestId(`sockets-table`).getByTestId('socket-local').filter({ hasText: `:${listener!.port}` })).toHaveCount(1);
  await screenshot(page, 'archive-sockets');
});

test('root FS diff: markers and the contents of a file written after start', async ({ page }) => {
  await page.getByTestId('tab-rootfs').click();
  const added = '/data/written-after-start.txt';
  expect(manifest.rootfsDiff.added).toContain(added);
  await page.getByTestId('rootfs-filter').fill('written-after');
  await page.getByTestId(`rootfs-entry-${added}`).click();
  await expect(page.getByTestId(`rootfs-entry-${added}`)).toHaveAttribute('data-change', 'added');
  await expect(page.getByTestId('rootfs-text')).toContainText('written after start');
  await page.getByTestId('rootfs-filter').fill('');
  const deleted = manifest.rootfsDiff.deleted[0]!;
  await page.getByTestId('rootfs-filter').fill(path.basename(deleted));
  await expect(page.getByTestId(`rootfs-entry-${deleted}`)).toHaveAttribute('data-change', 'deleted');
  await page.getByTestId('rootfs-filter').fill('index.html');
  await expect(page.getByTestId(`rootfs-entry-${manifest.rootfsDiff.changed[0]!}`)).toHaveAttribute('data-change', 'changed');
  await page.getByTestId(`rootfs-entry-${manifest.rootfsDiff.changed[0]!}`).click();
  await expect(page.getByTestId('rootfs-text')).toContainText('changed after start');
  await screenshot(page, 'archive-rootfs');
});

test('config and spec: JSON trees with search', async ({ page }) => {
  await page.getByTestId('tab-config').click();
  await expect(page.getByTestId('json-node-$.id')).toContainText(manifest.container.id);
  await expect(page.getByTestId('json-node-$.rootfsImageName')).toContainText(manifest.container.image);
  await page.getByTestId('tab-spec').click();
  await page.getByTestId('json-search').fill('APP_MODE');
  await expect(page.getByTestId('spec-json').getByRole('treeitem').filter({ hasText: 'APP_MODE=testbed' })).toHaveCount(1);
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
