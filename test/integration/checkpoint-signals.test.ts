// Signals to the CLI while CRIU dumps a 1 GiB container, against the real
// testbed: SIGTERM, SIGINT twice, SIGHUP, and SIGKILL followed by another
// command of ours. "Mid-dump" is the CLI's `dumping` progress line with the
// task seen PAUSED, never a sleep. Each case ends with the container RUNNING
// (resumed before the process exited, or by the next command after a
// SIGKILL), no lease of ours, no temp file and no archive at the
// destination, no journal entry left, and a message saying what happened.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerdClient, type ContainerdClient } from '../../electron/containerd';
import {
  ensureTestbed,
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
/** Our own memhog pod (mem-1025): 1 GiB, and no other test restarts it under us. */
const MIB = 1025;
const NS = 'k8s.io';

describe.skipIf(skip)('checkpoint: signals mid-dump (testbed, CLI)', () => {
  let tb: TestbedState;
  let client: ContainerdClient;
  let mem: MemoryWorkload;
  let cli: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    tb = await ensureTestbed();
    client = createContainerdClient({ socketPath: tb.socket });
    [mem, cli] = await Promise.all([startMemoryWorkload(MIB), bundleCli('h-paused-signals')]);
  }, 600_000);

  afterAll(async () => {
    client?.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  /** Starts `checkpoint --via native` and resolves once CRIU is dumping (progress line) and the task is PAUSED. */
  const startMidDump = async (tag: string) => {
    const dest = await mkdtemp(path.join(tb.archiveDir, `h-paused-${tag}-`));
    dirs.push(dest);
    const config = await freshConfigHome(tag);
    dirs.push(path.dirname(path.dirname(config.journal)));
    const pause = watchPause(client, NS, mem.containerId);
    const run = runCliChild(
      cli,
      ['checkpoint', mem.containerId, '--address', tb.socket, '--namespace', NS, '--via', 'native', '--output', dest],
      config.env,
    );
    await run.line(/^dumping/);
    await pause.paused;
    // The journal was written before the pause.
    expect(await journalFiles(config.journal)).toHaveLength(1);
    return { dest, config, pause, run };
  };

  /** The container runs, nothing of the CLI's is left: no lease, no file in the destination, no journal entry. */
  const expectUndone = async (dest: string, journal: string, pid: number) => {
    expect(await taskStatus(client, NS, mem.containerId)).toBe('RUNNING');
    expect(await leasesOfPid(client, NS, pid)).toEqual([]);
    expect(await readdir(dest)).toEqual([]);
    expect(await journalFiles(journal)).toEqual([]);
  };

  const signalCase = (signal: 'SIGTERM' | 'SIGHUP', code: number) => async () => {
    const { dest, config, pause, run } = await startMidDump(signal.toLowerCase());
    const sentAt = Date.now();
    run.child.kill(signal);
    const exit = await run.exited;
    const times = await pause.stop();
    // Resumed before the exit, not after.
    expect(times.runningAgainAt).not.toBeNull();
    expect(exit.code, run.stderr()).toBe(code);
    expect(run.stderr()).toContain(`${signal}: stopping the checkpoint`);
    expect(run.stderr()).toMatch(
      new RegExp(
        `CANCELLED: checkpoint cancelled; container ${mem.containerId} resumed, lease released, partial files removed, no archive written`,
      ),
    );
    await expectUndone(dest, config.journal, run.child.pid!);
    console.log(
      `[h-paused] ${signal}: exit ${exit.code} ${exit.at - sentAt} ms after the signal; paused ${times.runningAgainAt! - times.pausedAt!} ms`,
    );
  };

  it('SIGTERM mid-dump: resumes, releases, removes, then exits 143', signalCase('SIGTERM', 143), 300_000);

  it('SIGHUP mid-dump: the same, exit 129', signalCase('SIGHUP', 129), 300_000);

  it('SIGINT twice mid-dump: the second one says to wait and skips nothing; exit 130', async () => {
    const { dest, config, pause, run } = await startMidDump('sigint');
    const sentAt = Date.now();
    run.child.kill('SIGINT');
    await run.line(/SIGINT: stopping the checkpoint/);
    run.child.kill('SIGINT');
    await run.line(/SIGINT: still resuming the container, please wait/);
    const exit = await run.exited;
    const times = await pause.stop();
    expect(exit.code, run.stderr()).toBe(130);
    expect(times.runningAgainAt).not.toBeNull();
    expect(run.stderr()).toContain(`container ${mem.containerId} resumed, lease released, partial files removed`);
    await expectUndone(dest, config.journal, run.child.pid!);
    console.log(
      `[h-paused] SIGINT x2: exit ${exit.code} ${exit.at - sentAt} ms after the first; paused ${times.runningAgainAt! - times.pausedAt!} ms`,
    );
  }, 300_000);

  it('SIGKILL mid-dump, then any command of ours: it resumes the container, drops the lease and temp files, and says so', async () => {
    const { dest, config, pause, run } = await startMidDump('sigkill');
    const killedAt = Date.now();
    run.child.kill('SIGKILL');
    const exit = await run.exited;
    expect(exit.signal).toBe('SIGKILL');
    // Nothing resumed it: it stays paused, with our lease and the partial work folder.
    expect(await taskStatus(client, NS, mem.containerId)).toBe('PAUSED');
    expect(await leasesOfPid(client, NS, run.child.pid!)).toHaveLength(1);
    expect((await readdir(dest)).some((n) => n.startsWith('.criu-work-'))).toBe(true);
    expect(await journalFiles(config.journal)).toHaveLength(1);

    const next = runCliChild(cli, ['containers', '--address', tb.socket, '--namespace', NS], config.env);
    const done = await next.exited;
    const times = await pause.stop();
    expect(done.code, next.stderr()).toBe(0);
    const said = next.stderr();
    expect(said).toContain(
      `resumed container ${mem.containerId} (namespace ${NS}), left paused: a checkpoint by pid ${run.child.pid}`,
    );
    expect(said).toMatch(/released lease \S+/);
    expect(said).toMatch(/removed \S+\.criu-work-\w{6}/);
    await expectUndone(dest, config.journal, run.child.pid!);
    // The next command lists the container as running.
    expect(next.stdout()).toContain(mem.containerId.slice(0, 12));
    console.log(
      `[h-paused] SIGKILL: the next command finished it ${done.at - killedAt} ms after the kill; paused ${times.runningAgainAt! - times.pausedAt!} ms`,
    );
  }, 300_000);
});
