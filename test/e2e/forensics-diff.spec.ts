// Two fixtures compared on the Compare screen: the counts per part are the
// ones the CLI's `diff --format json` gives; an archive against itself has none.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { ArchiveDiff } from '../../shared/dto';
import { FIXTURE, ROOT, expect, openArchive, screenshot, test } from './gui-fixtures';

const PODMAN = path.join(ROOT, 'test', 'fixtures', 'podman-web-none.tar');
const CLI = path.join(ROOT, 'bin', 'checkpoint-inspector.cjs');

function cliDiff(a: string, b: string): ArchiveDiff {
  // --details: the Compare screen's model; --any-container: these are two containers (checkpointctl refuses those).
  const args = [CLI, 'diff', a, b, '--format', 'json', '--details', '--any-container'];
  return (JSON.parse(execFileSync(process.execPath, args, { cwd: ROOT }).toString()) as { details: ArchiveDiff })
    .details;
}

test('containerd web vs podman web: counts as the CLI gives, with drill-down', async ({ page }) => {
  const expected = cliDiff(FIXTURE, PODMAN);
  await openArchive(page, FIXTURE);
  await page.getByTestId('nav-start').click();
  await openArchive(page, PODMAN);
  await page.getByTestId('nav-diff').click();
  await page.getByTestId('diff-pick-a').selectOption({ label: 'containerd-cri-web.tar (web)' });
  await page.getByTestId('diff-pick-b').selectOption({ index: 1 });
  await page.getByTestId('diff-compare').click();

  const card = (id: string) => page.getByTestId(`diff-card-${id}`);
  const p = expected.processes;
  await expect(card('processes')).toHaveAttribute('data-added', String(p.added.length));
  await expect(card('processes')).toHaveAttribute('data-removed', String(p.removed.length));
  await expect(card('processes')).toHaveAttribute('data-changed', String(p.changed.length));
  await expect(card('files')).toHaveAttribute('data-added', String(expected.files.added.length));
  await expect(card('files')).toHaveAttribute('data-removed', String(expected.files.removed.length));
  await expect(card('sockets')).toHaveAttribute('data-added', String(expected.sockets.added.length));
  await expect(card('rootfs')).toHaveAttribute('data-removed', String(expected.rootfs.removed.length));
  await expect(card('rootfs')).toHaveAttribute('data-added', String(expected.rootfs.added.length));
  const sum = async (id: string) =>
    Number(await card(id).getAttribute('data-added')) +
    Number(await card(id).getAttribute('data-removed')) +
    Number(await card(id).getAttribute('data-changed'));
  expect(await sum('spec')).toBe(expected.spec.length);
  expect(await sum('config')).toBe(expected.config.length);
  // Memory by content: pages added, removed and changed.
  expect(await sum('memory')).toBe(expected.pages.added + expected.pages.removed + expected.pages.changed);
  expect(p.changed.length + expected.files.added.length).toBeGreaterThan(0);

  await card('files').click();
  const lines = page.getByTestId('diff-lines-files').locator('li[data-mark]');
  await expect(lines).toHaveCount(expected.files.added.length + expected.files.removed.length);
  await card('processes').click();
  await expect(page.getByTestId('diff-lines-processes').locator('li[data-mark="changed"]')).toHaveCount(
    p.changed.length,
  );
  await screenshot(page, 'forensics-diff');
});

test('an archive against itself: no changes', async ({ page }) => {
  await openArchive(page, FIXTURE);
  await page.getByTestId('nav-diff').click();
  await page.getByTestId('diff-compare').click();
  await expect(page.getByTestId('diff-total')).toHaveText('No changes.');
  await expect(page.getByTestId('diff-total')).toHaveAttribute('data-total', '0');
  for (const id of ['processes', 'files', 'sockets', 'memory', 'rootfs', 'spec', 'config'])
    await expect(page.getByTestId(`diff-card-${id}`)).toContainText('same');
});
