import { execFile } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleCacheDir, bundleForNode } from '../../support/bundle-for-node';

let entry = '';
beforeAll(async () => {
  entry = path.join(await bundleCacheDir('rejection-log'), 'rejection-entry.cjs');
  await bundleForNode(path.join(__dirname, 'support', 'rejection-entry.ts'), entry);
}, 60_000);

const run = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [entry, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });

describe('the browser host survives an unhandled rejection', () => {
  it('without the handler Node exits 1 (what the host did before)', async () => {
    const r = await run([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });

  it('with it the rejection is logged in one line and the process keeps serving', async () => {
    const r = await run(['install']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('still serving\n');
    expect(r.stderr).toBe(
      'checkpoint-inspector serve: unhandled rejection, still serving: Error [LIMIT_EXCEEDED]: could not open the archive\n',
    );
  });
});
