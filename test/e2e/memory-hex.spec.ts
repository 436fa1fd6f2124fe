// The hex viewer over a process's address space: jump to the environment block
// whose address CRIU recorded in mm-<pid>.img, and read the known variable there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE, ROOT, expect, openArchive, screenshot, test } from './gui-fixtures';

const manifest = JSON.parse(
  readFileSync(path.join(ROOT, 'test', 'fixtures', 'containerd-cri-web.manifest.json'), 'utf8'),
) as {
  processes: { pid: number; comm: string }[];
};
const httpd = manifest.processes.find((p) => p.comm === 'httpd')!;

test('jumps to mm_env_start and shows the environment bytes', async ({ page }) => {
  await openArchive(page, FIXTURE);
  // The address comes from the decoded mm image (the decoder), the bytes from the pages (the memory reader).
  await page.getByTestId('tab-images').click();
  await page.getByTestId(`image-row-checkpoint/mm-${httpd.pid}.img`).click();
  const node = page.getByTestId('json-node-$.entries.0.mm_env_start');
  await expect(node).toBeVisible();
  const text = (await node.textContent()) ?? '';
  const match = /0x[0-9a-f]+/i.exec(text) ?? /\d{6,}/.exec(text);
  expect(match, `mm_env_start in "${text}"`).not.toBeNull();
  const envStart = Number(match![0]);

  await page.getByTestId('tab-memory').click();
  await page.getByTestId(`memory-row-${httpd.pid}`).click();
  const viewer = page.getByTestId('hex-viewer');
  await expect(viewer.locator('.hx-label').first()).toBeVisible();
  await viewer.getByTestId('hex-jump-input').fill('0x' + envStart.toString(16));
  await viewer.getByTestId('hex-jump-button').click();
  const rowAddress = envStart - (envStart % 16);
  const row = viewer.getByTestId(`hex-row-0x${rowAddress.toString(16)}`);
  await expect(row).toBeVisible();
  await expect(row.locator('.hx-hit')).toHaveCount(1);
  // Bytes arrive in 64 KiB pages; the ASCII of the rows from the jump on holds the variable.
  await expect
    .poll(async () => (await viewer.locator('.hx-row .hx-ascii').allTextContents()).join(''), { timeout: 15_000 })
    .toContain('APP_MODE=testbed');
  // "APP_MODE" in hex somewhere in view: 41 50 50 5f 4d 4f 44 45.
  const hex = (await viewer.getByTestId('hex-bytes').allTextContents()).join('').replace(/\s+/g, '');
  expect(hex).toContain('4150505f4d4f4445');
  await screenshot(page, 'memory-hex');
});
