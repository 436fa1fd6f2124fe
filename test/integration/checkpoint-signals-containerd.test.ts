// containerd stopped for 90 s while CRIU dumps a 1 GiB container, against the
// real testbed, through the CLI: it says at once that the container is PAUSED
// and the exact command that resumes it, keeps trying for as long as
// containerd is away (well past the old 60 s), resumes it when containerd is
// back, releases the lease and removes the partial files; then it exits 1
// with a message that says what happened.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerdClient, type ContainerdClient } from '../../electron/containerd';
import {
  ensureTestbed,
  restartContainerd,
  startMemoryWorkload,
  testbedGate,
  type MemoryWorkload,
  type TestbedState,
} from '../testbed/testbed';
import { taskStatus } from './support/checkpoint-helpers';
import {
  bundleCli,
  freshConfigHome,
  journalFiles,
  leasesOfPid,
  runCliChild,
  watchPause,
} from './support/checkpoint-cli-run';

const skip = testbedGate();
const MIB = 1025;
const NS = 'k8s.io';
const DOWN_MS = 90_000;

describe.skipIf(skip)('checkpoint: containerd away for 90 s mid-dump (testbed, CLI)', () => {
  let tb: TestbedState;
  let mem: MemoryWorkload;
  let cli: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    tb = await ensureTestbed();
    [mem, cli] = await Promise.all([startMemoryWorkload(MIB), bundleCli('h-paused-signals')]);
  }, 600_000);

  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('says the container is PAUSED and how to resume it, keeps trying, resumes it when containerd is back', async () => {
    const client: ContainerdClient = createContainerdClient({ socketPath: tb.socket });
    const clients = [client];
    try {
      const dest = await mkdtemp(path.join(tb.archiveDir, 'h-paused-down-'));
      dirs.push(dest);
      const config = await freshConfigHome('down');
      dirs.push(path.dirname(path.dirname(config.journal)));
      const pause = watchPause(client, NS, mem.containerId);
      const run = runCliChild(
        cli,
        ['checkpoint', mem.containerId, '--address', tb.socket, '--namespace', NS, '--via', 'native', '--output', dest],
        config.env,
      );
      await run.line(/^dumping/);
      await pause.paused;
      const downAt = Date.now();
      const restarted = restartContainerd({ downMs: DOWN_MS });
      const command = `ctr --address ${tb.socket} -n ${NS} task resume ${mem.containerId}`;
      const loud = await run.line(/is PAUSED/, 60_000);
      expect(loud).toContain(`container ${mem.containerId} is PAUSED`);
      expect(loud).toContain('still trying');
      expect(loud).toContain(`To resume it yourself: ${command}`);
      tb = await restarted;
      const exit = await run.exited;
      console.log(`[h-paused] the CLI said:\n${run.stderr()}`);
      const times = await pause.stop();
      // The channel made before the outage fails fast while it backs off: ask through a new one.
      const after = createContainerdClient({ socketPath: tb.socket });
      clients.push(after);
      // It waited for containerd through the whole outage instead of giving up.
      expect(exit.at - downAt).toBeGreaterThan(DOWN_MS);
      expect(run.stderr()).toMatch(/still PAUSED: containerd unreachable for \d+ s, still trying/);
      expect(exit.code, run.stderr()).toBe(1);
      expect(run.stderr()).toMatch(
        new RegExp(
          `CONTAINERD_UNREACHABLE: .*; container ${mem.containerId} resumed, lease released, partial files removed, no archive written`,
        ),
      );
      expect(await taskStatus(after, NS, mem.containerId)).toBe('RUNNING');
      expect(times.runningAgainAt).not.toBeNull();
      expect(await leasesOfPid(after, NS, run.child.pid!)).toEqual([]);
      expect(await readdir(dest)).toEqual([]);
      expect(await journalFiles(config.journal)).toEqual([]);
      console.log(
        `[h-paused] containerd down ${DOWN_MS} ms: CLI exit ${exit.code} ${exit.at - downAt} ms after the kill; container paused ${times.runningAgainAt! - times.pausedAt!} ms`,
      );
    } finally {
      for (const c of clients) c.close();
    }
  }, 400_000);
});
