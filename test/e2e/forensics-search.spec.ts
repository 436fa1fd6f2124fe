// Memory search over a real checkpoint of the testbed's memhog: the GUI finds
// as many matches of a planted string as the CLI does, including the planted
// address, and a click shows those bytes in the Memory tab's hex viewer.
// Needs root and `npm run testbed:up`.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { MemoryMatch, SearchSummary } from '../../shared/dto';
import { startHost } from './browser-host';
import { ROOT, expect, screenshot, startMemoryPod, test } from './gui-fixtures';

const run = promisify(execFile);
const CLI = path.join(ROOT, 'bin', 'checkpoint-inspector.cjs');

interface Marker {
  name: string;
  text: string;
  address: string;
}

test('finds the planted string as the CLI does and jumps to its bytes', async ({ page, testbed }) => {
  test.setTimeout(240_000);
  const mem = (await startMemoryPod(16)) as Awaited<ReturnType<typeof startMemoryPod>> & {
    layout: { pid: number; markers: Marker[] };
  };
  // The one that straddles a page boundary: its bytes come from two pagemap entries.
  const marker = mem.layout.markers.find((m) => m.name === 'straddle') ?? mem.layout.markers[0]!;
  const planted = Number(marker.address);
  const archive = path.join(testbed.archiveDir, `forensics-search-${Date.now()}.tar`);
  const cli = (args: string[]) => run(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: 180_000 });
  await cli(['checkpoint', mem.containerId, '--address', testbed.socket, '--output', archive]);
  const host = await startHost([archive]);
  try {
    const { stdout } = await cli(['memparse', archive, '--search', marker.text, '--format', 'json']);
    const oracle = JSON.parse(stdout) as { summary: SearchSummary; matches: MemoryMatch[] };
    expect(
      oracle.matches.some((m) => m.address === planted),
      'the CLI finds the planted address',
    ).toBe(true);

    await page.goto(host.url);
    await expect(page.getByTestId('archive-screen')).toBeVisible();
    await page.getByTestId('tab-search').click();
    await page.getByTestId('search-query').fill(marker.text);
    await page.getByTestId('search-start').click();
    const summary = page.getByTestId('search-summary');
    await expect(summary).toHaveAttribute('data-count', String(oracle.summary.matchCount), { timeout: 60_000 });
    // Every match streamed in is a row of the table (rendered or not).
    await expect(page.getByTestId('search-matches')).toHaveAttribute('aria-rowcount', String(oracle.matches.length));
    const hit = page.getByTestId(`match-${mem.layout.pid}-0x${planted.toString(16)}`);
    await expect(hit).toBeVisible();
    await expect(hit.getByTestId('match-ascii')).toContainText(marker.text.slice(0, 8));
    await screenshot(page, 'forensics-search');

    await hit.click();
    await expect(page.getByTestId('panel-memory')).toBeVisible();
    const viewer = page.getByTestId('hex-viewer');
    const rowAddress = planted - (planted % 16);
    await expect(viewer.getByTestId(`hex-row-0x${rowAddress.toString(16)}`)).toBeVisible();
    // The whole match is marked (it straddles a page: its bytes come from two pagemap entries).
    await expect(viewer.locator('.hx-hit')).toHaveCount(marker.text.length);
    await expect
      .poll(async () => (await viewer.locator('.hx-row .hx-ascii').allTextContents()).join(''), { timeout: 15_000 })
      .toContain(marker.text);
    await screenshot(page, 'forensics-search-jump');
  } finally {
    await host.stop();
    rmSync(archive, { force: true });
  }
});
