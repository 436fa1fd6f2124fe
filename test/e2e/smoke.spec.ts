import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';

let host: RunningHost;

test.beforeAll(async () => {
  host = await startHost();
});

test.afterAll(async () => {
  await host?.stop();
});

test('the browser host opens the sample and shows its container name', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(host.url);
  // The token was traded for a cookie and dropped from the address bar.
  await expect(page).toHaveURL(`${host.origin}/`);
  await page.getByRole('button', { name: 'Open sample checkpoint' }).first().click();
  await expect(page.getByTestId('container-name').first()).toHaveText(/\S+/);
  await page.screenshot({ path: 'test-results/screenshots/smoke-sample.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('without the token every route answers 401, with a foreign Host 403', async ({ request }) => {
  for (const route of ['/', '/index.html', '/api/ws', '/api/upload', '/api/rootfs-file?archiveId=a1&path=x']) {
    const response = await request.get(host.origin + route);
    expect(response.status(), route).toBe(401);
  }
  const foreign = await request.get(host.url, { headers: { host: 'evil.example:80' } });
  expect(foreign.status()).toBe(403);
  const foreignOrigin = await request.get(host.url, { headers: { origin: 'http://evil.example' } });
  expect(foreignOrigin.status()).toBe(403);
});

test('two browser hosts in one browser keep their own sessions (one cookie per port)', async ({ context }) => {
  const second = await startHost();
  try {
    const a = await context.newPage();
    const b = await context.newPage();
    await a.goto(host.url);
    await b.goto(second.url);
    await expect(a).toHaveURL(`${host.origin}/`);
    await expect(b).toHaveURL(`${second.origin}/`);
    // Each host's cookie is named by its port, so the second login did not replace the first.
    const names = (await context.cookies()).map((c) => c.name);
    expect(new Set(names).size).toBeGreaterThanOrEqual(2);
    // Both stay logged in: a reload needs no token, and each opens an archive over its own socket
    // (a host that already has archives open shows them on connect, so go to Start first).
    for (const page of [a, b]) {
      await page.reload();
      await page.getByTestId('nav-start').click();
      await page.getByTestId('start-screen').getByRole('button', { name: 'Open sample checkpoint' }).first().click();
      await expect(page.getByTestId('container-name').first()).toHaveText(/\S+/);
      await expect(page.getByTestId('error-view')).toHaveCount(0);
    }
  } finally {
    await second.stop();
  }
});
