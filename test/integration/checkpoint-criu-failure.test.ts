// A real CRIU failure (a container with an established TCP connection) on
// both native paths and through the CLI: the error has CRIU's own words from
// dump.log (read before its work folder went), the failing step, the CRIU
// and kernel versions; the container runs on, nothing is left behind.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerdClient, type ContainerdClient } from '../../electron/containerd';
import { ensureTestbed, testbedGate, type TestbedState } from '../testbed/testbed';
import { ourLeases, runCheckpoint, taskStatus } from './support/checkpoint-helpers';
import { bundleCli, runCliChild } from './support/checkpoint-cli-run';
import { startUndumpable, type UndumpableWorkload } from './support/undumpable-workload';

const skip = testbedGate();
const CRIU_SAYS = 'inet: Connected TCP socket, consider using --tcp-established option.';

describe.skipIf(skip)('a CRIU failure, explained (testbed)', () => {
  let tb: TestbedState;
  let client: ContainerdClient;
  let tcp: UndumpableWorkload;
  let unshared: string;

  beforeAll(async () => {
    tb = await ensureTestbed();
    client = createContainerdClient({ socketPath: tb.socket });
    tcp = await startUndumpable(tb, `h-paths-tcp-${process.pid}`);
    unshared = await mkdtemp(path.join(os.tmpdir(), 'h-paths-criu-fail-'));
  }, 600_000);

  afterAll(async () => {
    await tcp?.remove();
    client?.close();
    if (unshared) await rm(unshared, { recursive: true, force: true });
  });

  /** What must hold after any failed checkpoint of ours: running, no lease, no temp file here or in containerd's /tmp. */
  async function nothingLeft(folder: string, prefix: string): Promise<void> {
    expect(await taskStatus(client, 'default', tcp.containerId)).toBe('RUNNING');
    expect(await ourLeases(client, 'default')).toEqual([]);
    expect((await readdir(folder)).filter((n) => n.includes(prefix) || n.startsWith('.criu-work-'))).toEqual([]);
    const side = await readdir(`/proc/${tb.pids.containerd}/root/tmp`);
    expect(side.filter((n) => n.startsWith('checkpoint-inspector-criu-'))).toEqual([]);
  }

  it.each([
    ['in a folder containerd sees', () => tb.archiveDir],
    ['streamed (a folder containerd cannot see)', () => unshared],
  ])("native, %s: CRIU's error, the step and the versions", async (_, folder) => {
    const name = `h-paths-fail-${process.pid}.tar`;
    const error = await runCheckpoint(client, {
      containerId: tcp.containerId,
      namespace: 'default',
      via: 'native',
      outputPath: path.join(folder(), name),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CHECKPOINT_FAILED' });
    const e = error as Error & { details: Record<string, unknown> };
    expect(e.message).toContain(`CRIU could not dump ${tcp.containerId}`);
    expect(e.message).toContain(CRIU_SAYS);
    expect(e.message).toContain(`CRIU ${tb.versions.criu}, kernel ${os.release()}`);
    expect(e.details.step).toMatch(/^Dump files \(pid: \d+\)$/);
    // Ours, or containerd's in its /tmp: read before it was removed either way.
    expect(e.details.logTitle).toMatch(/read before its work folder was removed/);
    const lines = e.details.logLines as string[];
    expect(lines.some((l) => l.includes(CRIU_SAYS))).toBe(true);
    expect(lines.some((l) => /^Error \(criu\/cr-dump\.c:\d+\): Dumping FAILED\.$/.test(l))).toBe(true);
    // The raw shim text (a path in containerd's namespace) is kept for the curious, not shown as the message.
    expect(e.message).not.toContain('path=');
    await nothingLeft(folder(), name);
  });

  it('the CLI prints the dump.log lines on stderr and exits 1', async () => {
    const cli = await bundleCli('h-paths-cli');
    const run = runCliChild(
      cli,
      [
        'checkpoint',
        tcp.containerId,
        '--namespace',
        'default',
        '--address',
        tb.socket,
        '--output',
        path.join(unshared, 'cli.tar'),
      ],
      { XDG_CONFIG_HOME: path.join(unshared, 'xdg') },
    );
    const { code } = await run.exited;
    const err = run.stderr();
    expect(code).toBe(1);
    expect(err).toMatch(
      /checkpoint-inspector checkpoint: CHECKPOINT_FAILED: CRIU could not dump h-paths-tcp-\d+ \(Dump files/,
    );
    expect(err).toContain("  CRIU's dump.log (read before its work folder was removed):\n");
    expect(err).toContain(`    Error (criu/sk-inet.c:`);
    expect(err).toContain(CRIU_SAYS);
    expect(err).not.toMatch(/\n\s+at /);
    expect(run.stdout()).toBe('');
    await nothingLeft(unshared, 'cli.tar');
  });
});
