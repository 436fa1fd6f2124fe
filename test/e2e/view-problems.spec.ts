// A real archive with one process's fdinfo image made undecodable: the GUI
// shows the problem where the data would be, and the other processes' data.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeCorruptFixture } from '../support/corrupt-member';
import { ROOT, expect, openArchive, screenshot, test } from './gui-fixtures';

const MEMBER = 'checkpoint/fdinfo-3.img';
/** The process whose descriptor table fdinfo-3 is in the fixture (its ids image names files_id 3: httpd). */
const PID = 6;

const manifest = JSON.parse(
  readFileSync(path.join(ROOT, 'test', 'fixtures', 'containerd-cri-web.manifest.json'), 'utf8'),
) as { processes: { pid: number; comm: string }[]; openFiles: Record<string, string[]> };

let dir = '';
let corrupt = '';

test.beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ci-e2e-problems-'));
  corrupt = writeCorruptFixture(path.join(dir, 'corrupt-fdinfo.tar'), MEMBER);
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('files & sockets: a banner names the unreadable member and pid, the other processes files are listed', async ({
  page,
}) => {
  expect(manifest.processes.find((p) => p.pid === PID)?.comm).toBe('httpd');
  await openArchive(page, corrupt);
  await page.getByTestId('tab-files').click();
  const banner = page.getByTestId('files-problems');
  await expect(banner).toBeVisible();
  await expect(banner.getByTestId('problem-item')).toHaveCount(1);
  await expect(banner).toContainText(MEMBER);
  await expect(banner).toContainText(`pid ${PID}`);
  await expect(banner).toContainText('IMAGE_CORRUPT');
  const table = page.getByTestId('files-table');
  for (const [pid, paths] of Object.entries(manifest.openFiles)) {
    if (Number(pid) === PID) continue;
    for (const file of paths) await expect(table.getByRole('row').filter({ hasText: file }).first()).toContainText(pid);
  }
  // The process whose table failed has no rows, and the banner is why.
  for (const file of manifest.openFiles[String(PID)] ?? []) {
    await expect(table.getByRole('row').filter({ hasText: file })).toHaveCount(0);
  }
  await page.getByTestId('files-kind-sockets').click();
  await expect(page.getByTestId('sockets-problems')).toContainText(MEMBER);
  await screenshot(page, 'view-problems-files');
});

test('processes: the process is marked in the tree and its detail lists the problem', async ({ page }) => {
  await openArchive(page, corrupt);
  await page.getByTestId('tab-processes').click();
  await expect(page.getByTestId(`process-problem-${PID}`)).toBeVisible();
  for (const p of manifest.processes.filter((x) => x.pid !== PID)) {
    await expect(page.getByTestId(`process-row-${p.pid}`)).toBeVisible();
    await expect(page.getByTestId(`process-problem-${p.pid}`)).toHaveCount(0);
  }
  await page.getByTestId(`process-row-${PID}`).click();
  const problems = page.getByTestId('process-problems');
  await expect(problems).toContainText(MEMBER);
  await expect(problems).toContainText(`pid ${PID}`);
});
