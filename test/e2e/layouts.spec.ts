// Each layout's members where a user looks for them, in Chromium: a bare CRIU
// images folder and an unpacked archive folder named to the host (serve DIR),
// a Podman export's volumes and pre-checkpoint folder, a CRI-O archive's bind
// mounts, log member, name and IP (fixtures: test/fixtures/layout-fixtures.ts).
import type { Page } from '@playwright/test';
import { makeLayoutFixtures, type LayoutFixtures } from '../fixtures/layout-fixtures';
import { startHost } from './browser-host';
import { expect, openArchive, screenshot, test } from './gui-fixtures';

let f: LayoutFixtures;
test.beforeAll(() => {
  f = makeLayoutFixtures();
});
test.afterAll(() => f?.remove());

/** A host started with one folder named on its command line, the page on its archive. */
async function withFolder(page: Page, folder: string, body: () => Promise<void>): Promise<void> {
  const host = await startHost([folder]);
  try {
    await page.goto(host.url);
    await expect(page.getByTestId('archive-screen')).toBeVisible();
    await body();
  } finally {
    await host.stop();
  }
}

test('a bare CRIU images folder opens: its layout said, its processes listed', async ({ browser }) => {
  const page = await browser.newPage();
  await withFolder(page, f.bare, async () => {
    await expect(page.getByTestId('layout-kind')).toHaveText(/folder of CRIU images only/);
    await expect(page.getByTestId('card-container')).toContainText(/Processes\s*3/);
    await screenshot(page, 'layout-criu-folder');
  });
});

test('an unpacked archive folder opens like its tar', async ({ browser }) => {
  const page = await browser.newPage();
  await withFolder(page, f.unpacked, async () => {
    await expect(page.getByTestId('container-name')).toHaveText('web');
    await expect(page.getByTestId('layout-kind')).toHaveText(/unpacked checkpoint archive/);
    await expect(page.getByTestId('layout-member-status.dump')).toHaveAttribute('data-role', 'container-status');
    await expect(page.getByTestId('layout-member-container.log')).toHaveAttribute('data-role', 'container-log');
  });
});

test('Podman: volumes and the pre-checkpoint folder in the overview', async ({ page }) => {
  await openArchive(page, f.podman);
  await expect(page.getByTestId('layout-member-volumes/webdata.tar')).toHaveAttribute('data-role', 'volume');
  await expect(page.getByTestId('layout-member-pre-checkpoint')).toContainText('files');
  await expect(page.getByTestId('layout-member-devshm-checkpoint.tar')).toBeVisible();
  await expect(page.getByTestId('layout-member-ctr.log')).toHaveAttribute('data-role', 'container-log');
  await screenshot(page, 'layout-podman');
});

test('CRI-O: bind mounts, the log member, name and IP from its annotations', async ({ page }) => {
  await openArchive(page, f.crio);
  await expect(page.getByTestId('container-name')).toHaveText(f.crioFacts.name);
  await expect(page.getByTestId('card-network')).toContainText(f.crioFacts.ip);
  await expect(page.getByTestId('bind-mount-/data')).toContainText('/srv/crio-data (directory, mode 755)');
  await expect(page.getByTestId('bind-mount-/file')).toContainText('/etc/crio-file (file, mode 600)');
  await expect(page.getByTestId('layout-member-io.kubernetes.cri-o.LogPath')).toHaveAttribute(
    'data-role',
    'container-log',
  );
  await screenshot(page, 'layout-crio');
});
