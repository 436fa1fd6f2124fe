import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import type { Api } from '../../shared/api';

const root = path.resolve(__dirname, '..', '..');
const mainEntry = path.join(root, 'dist', 'main', 'main.cjs');
const sample = path.join(root, 'resources', 'sample', 'sample-checkpoint.tar');

let userData = '';
let app: ElectronApplication | null = null;

async function launch(...extra: string[]): Promise<ElectronApplication> {
  app = await electron.launch({
    args: [mainEntry, ...extra],
    cwd: root,
    env: { ...process.env, CHECKPOINT_INSPECTOR_USER_DATA: userData, ELECTRON_ENABLE_LOGGING: '1' },
  });
  return app;
}

test.beforeEach(async () => {
  userData = await mkdtemp(path.join(os.tmpdir(), 'ci-electron-'));
});

test.afterEach(async () => {
  await app?.close();
  app = null;
  await rm(userData, { recursive: true, force: true });
});

test('starts on the start screen and opens the bundled sample', async () => {
  const page = await (await launch()).firstWindow();
  await expect(page.getByRole('heading', { name: 'Checkpoint Inspector' })).toBeVisible();
  // The native dialog opens folders too (the browser host can only upload files).
  await expect(page.getByTestId('open-checkpoint-folder')).toBeVisible();
  await page.getByRole('button', { name: /open sample/i }).click();
  await expect(page.getByTestId('container-name')).toHaveText(/\S/);
});

test('opens an archive named on the command line', async () => {
  const page = await (await launch(sample)).firstWindow();
  await expect(page.getByTestId('container-name')).toHaveText(/\S/);
});

test('the page has window.api only: no Node, no popups, codes survive the bridge', async () => {
  const application = await launch();
  const page = await application.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  expect(await application.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

  const facts = await page.evaluate(() => {
    const g = globalThis as unknown as {
      require?: unknown;
      process?: unknown;
      api: object;
      open(url: string): unknown;
    };
    // contextBridge hands the page a frozen copy: a sign the isolated world is on.
    return {
      require: typeof g.require,
      process: typeof g.process,
      frozenApi: Object.isFrozen(g.api),
      popup: g.open('https://example.com/'),
    };
  });
  expect(facts).toEqual({ require: 'undefined', process: 'undefined', frozenApi: true, popup: null });

  const code = await page.evaluate(() =>
    (globalThis as unknown as { api: Api }).api.invoke('archive.close', { archiveId: '' }).then(
      () => 'resolved',
      (e: unknown) => (e as { code?: string }).code,
    ),
  );
  expect(code).toBe('INVALID_ARGUMENT');
});
