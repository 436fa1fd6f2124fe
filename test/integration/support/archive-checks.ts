// What every archive our checkpoint paths write must pass, and where a
// checkpoint may leave things behind: for the checkpoint integration tests.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { runCliCaptured } from '../../support/run-cli-captured';
import { CHECKPOINTCTL, assertCheckpointctl } from '../../support/peers';

/** checkpointctl's `inspect --all` and ours both read the archive without complaint. */
export async function expectInspectAll(archive: string): Promise<void> {
  assertCheckpointctl();
  const peer = await promisify(execFile)(CHECKPOINTCTL, ['inspect', '--all', archive], { maxBuffer: 64 << 20 }).then(
    () => 'ok',
    (e: Error & { stderr?: string }) => `checkpointctl inspect --all ${archive}: ${e.stderr ?? e.message}`,
  );
  expect(peer).toBe('ok');
  const ours = await runCliCaptured(['inspect', '--all', archive]);
  expect(ours.err, `our inspect --all ${archive}`).toBe('');
  expect(ours.code).toBe(0);
}

/** A folder on the host's /tmp: not containerd's /tmp (a tmpfs in its mount namespace). */
export const unsharedFolder = (tag: string): Promise<string> => mkdtemp(path.join(os.tmpdir(), `${tag}-unshared-`));

/** Our work folders in containerd's /tmp (the streamed path's), seen through its /proc root. */
export const containerdSideWork = async (containerdPid: number): Promise<string[]> =>
  (await readdir(`/proc/${containerdPid}/root/tmp`)).filter((n) => n.startsWith('checkpoint-inspector-criu-'));
