// Signals to the CLI while CRIU dumps a 1 GiB container, against the real
// testbed, on every suite: SIGTERM, SIGINT twice, SIGHUP, SIGKILL followed by
// another command of ours, and containerd stopped for 90 s. "Mid-dump" is the
// CLI's `dumping` progress line with the task seen PAUSED, never a sleep.
// Each case ends with the container RUNNING (resumed before the process
// exited, or by the next command after a SIGKILL), no lease of ours, no temp
// file and no archive at the destination, no journal entry left, and a
// message saying what happened.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createContainerdClient, type ContainerdClient } from '../../electron/containerd';
import { restartContainerd, startMemoryWorkload, type MemoryWorkload } from '../testbed/testbed';
import { eventually, taskStatus } from './support/checkpoint-helpers';
import {
  bundleCli,
  freshConfigHome,
  journalFiles,
  leasesOfPid,
  runCliChild,
  watchPause,
} from './support/checkpoint-cli-run';
import { describeSuites } from './support/suites';

/** Our own memhog pod (mem-1025): 1 GiB, and no other test restarts it under us. */
const MIB = 1025;
const NS = 'k8s.io';
const DOWN_MS = 90_000;

describeSuites('checkpoint: signals mid-dump (CLI)', (suite) => {
  let client: ContainerdClient;
  let mem: MemoryWorkload;
  let cli: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    client = createContainerdClient({ socketPath: suite.state.socket });
    [mem, cli] = await Promise.all([startMemoryWorkload(MIB, suite.name), bundleCli('h-paused-signals')]);
  }, 600_000);

  afterAll(async () => {
    client?.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  /** Starts `checkpoint --via native` and resolves once CRIU is dumping (progress line) and the task is PAUSED. */
  const startMidDump = async (tag: string) => {
    const dest = await mkdtemp(path.join(suite.state.archiveDir, `h-paused-${tag}-`));
    dirs.push(dest);
    const config = await freshConfigHome(tag);
    dirs.push(path.dirname(path.dirname(config.journal)));
    const pause = watchPause(client, NS, mem.containerId);
    const run = runCliChild(
      cli,
      [
        'checkpoint',
        mem.containerId,
        '--address',
        suite.state.socket,
        '--namespace',
        NS,
        '--via',
        'native',
        '--output',
        dest,
      ],
      config.env,
    );
    await run.line(/^dumping/);
    await pause.paused;
    // The journal was written before the pause.
    expect(await journalFiles(config.journal)).toHaveLength(1);
    return { dest, config, pause, run };
  };

  /** The container runs, nothing of the CLI's is left: no lease, no file in the destination, no journal entry. */
  const expectUndone = async (dest: string, journal: string, pid: number, c = client) => {
    expect(await taskStatus(c, NS, mem.containerId)).toBe('RUNNING');
    expect(await leasesOfPid(c, NS, pid)).toEqual([]);
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
      `[h-paused] ${suite.name} ${signal}: exit ${exit.code} ${exit.at - sentAt} ms after the signal; paused ${times.runningAgainAt! - times.pausedAt!} ms`,
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
      `[h-paused] ${suite.name} SIGINT x2: exit ${exit.code} ${exit.at - sentAt} ms after the first; paused ${times.runningAgainAt! - times.pausedAt!} ms`,
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

    const next = runCliChild(cli, ['containers', '--address', suite.state.socket, '--namespace', NS], config.env);
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
      `[h-paused] ${suite.name} SIGKILL: the next command finished it ${done.at - killedAt} ms after the kill; paused ${times.runningAgainAt! - times.pausedAt!} ms`,
    );
  }, 300_000);

  it('containerd stopped for 90 s: says the container is PAUSED and how to resume it, keeps trying, resumes it when containerd is back', async () => {
    const { dest, config, pause, run } = await startMidDump('down');
    const downAt = Date.now();
    const restarted = restartContainerd({ downMs: DOWN_MS, suite: suite.name });
    const command = `ctr --address ${suite.state.socket} -n ${NS} task resume ${mem.containerId}`;
    const loud = await run.line(/is PAUSED/, 60_000);
    expect(loud).toContain(`container ${mem.containerId} is PAUSED`);
    expect(loud).toContain('still trying');
    expect(loud).toContain(`To resume it yourself: ${command}`);
    await restarted;
    suite.refresh();
    const exit = await run.exited;
    const times = await pause.stop();
    // It waited for containerd through the whole outage instead of giving up.
    expect(exit.at - downAt).toBeGreaterThan(DOWN_MS);
    expect(run.stderr()).toMatch(/still PAUSED: containerd unreachable for \d+ s, still trying/);
    expect(exit.code, run.stderr()).toBe(1);
    expect(run.stderr()).toMatch(
      new RegExp(
        `CONTAINERD_UNREACHABLE: .*; container ${mem.containerId} resumed, lease released, partial files removed, no archive written`,
      ),
    );
    // The channel made before the outage fails fast while it backs off: ask through a new one.
    const after = createContainerdClient({ socketPath: suite.state.socket });
    try {
      // Once it answers: the CLI reconnected before it exited, but this process's channels may still be
      // backing off (grpc-js shares one connection per address between channels).
      const reachable = () =>
        after.version().then(
          () => true,
          () => false,
        );
      expect(await eventually(reachable, 60_000), 'containerd answers this test again').toBe(true);
      await expectUndone(dest, config.journal, run.child.pid!, after);
    } finally {
      after.close();
    }
    console.log(
      `[h-paused] ${suite.name} containerd down ${DOWN_MS} ms: CLI exit ${exit.code} ${exit.at - downAt} ms after the kill; container paused ${(times.runningAgainAt ?? exit.at) - times.pausedAt!} ms`,
    );
  }, 400_000);
});
