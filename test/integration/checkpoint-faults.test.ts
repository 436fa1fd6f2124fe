// Faults during a checkpoint, against the real testbed: permission denied on
// the socket, the destination's disk full, cancel, timeout, containerd killed
// mid-dump (SIGKILL, then started again), the container exiting mid-dump.
// Each: a clear error, no file at the destination, the container running and
// not paused afterwards.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerdClient, type ContainerdClient } from '../../electron/containerd';
import { PERMISSION_TEXT } from '../../electron/containerd/errors';
import {
  ensureTestbed,
  restartContainerd,
  startMemoryWorkload,
  testbedGate,
  type MemoryWorkload,
  type TestbedState,
} from '../testbed/testbed';
import { bundleProbe } from './support/bundle-probe';
import { eventually, ourLeases, runCheckpoint, taskStatus, type ProgressUpdate } from './support/checkpoint-helpers';

const run = promisify(execFile);
const skip = testbedGate();

describe.skipIf(skip)('checkpoint faults (testbed)', () => {
  let tb: TestbedState;
  let client: ContainerdClient;
  let mem: MemoryWorkload;
  const dirs: string[] = [];

  const freshDir = async (base?: string) => {
    const d = await mkdtemp(path.join(base ?? tb.archiveDir, 'fault-'));
    dirs.push(d);
    return d;
  };

  /** The container runs, is not paused, nothing of ours is left in containerd or the folder. */
  const expectClean = async (dir: string, containerId: string) => {
    expect(await readdir(dir)).toEqual([]);
    expect(await eventually(async () => (await taskStatus(client, 'k8s.io', containerId)) === 'RUNNING', 15_000)).toBe(
      true,
    );
    expect(await eventually(async () => (await ourLeases(client, 'k8s.io')).length === 0, 15_000)).toBe(true);
  };

  beforeAll(async () => {
    tb = await ensureTestbed();
    client = createContainerdClient({ socketPath: tb.socket });
    // Big enough that a dump takes seconds, so the faults below land while it runs.
    mem = await startMemoryWorkload(1024);
  }, 600_000);

  afterAll(async () => {
    client?.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('permission denied on the socket: says to run as root or join the group', async () => {
    const probe = await bundleProbe();
    dirs.push(path.dirname(probe));
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [probe, tb.socket], {
        uid: 65534,
        gid: 65534,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.on('data', (b: Buffer) => (text += b.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    const info = JSON.parse(out) as { code: string; message: string };
    expect(info.code).toBe('PERMISSION_DENIED');
    expect(info.message).toContain(PERMISSION_TEXT);
  });

  it('disk full at the destination: DISK_FULL, nothing half-written left', async () => {
    const tiny = await freshDir(os.tmpdir());
    await run('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', tiny]);
    try {
      const work = await freshDir(path.join(tb.shareDir, 'work'));
      const err = await runCheckpoint(client, {
        containerId: tb.workloads.web.containerId,
        namespace: 'k8s.io',
        via: 'native',
        outputPath: path.join(tiny, 'web.tar'),
        criuWorkDir: work,
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'DISK_FULL' });
      await expectClean(tiny, tb.workloads.web.containerId);
    } finally {
      await run('umount', [tiny]);
    }
  });

  const midDump = async (
    act: (p: ProgressUpdate, abort: AbortController) => void,
    over: { timeoutSeconds?: number; socketPath?: string; recoveryGraceMs?: number } = {},
  ) => {
    const dir = await freshDir();
    const c = over.socketPath ? createContainerdClient({ socketPath: over.socketPath }) : client;
    const abort = new AbortController();
    const started = Date.now();
    try {
      const err = await runCheckpoint(
        c,
        {
          containerId: mem.containerId,
          namespace: 'k8s.io',
          via: 'native',
          outputPath: path.join(dir, 'mem.tar'),
          ...over,
        },
        { signal: abort.signal, onProgress: (p) => act(p, abort) },
      ).catch((e: unknown) => e);
      return { err, dir, ms: Date.now() - started };
    } finally {
      if (c !== client) c.close();
    }
  };

  it('cancel while CRIU dumps: CANCELLED, container resumed', async () => {
    const { err, dir } = await midDump((p, abort) => {
      if (p.phase === 'dumping') setTimeout(() => abort.abort(), 300);
    });
    expect(err).toMatchObject({ code: 'CANCELLED' });
    await expectClean(dir, mem.containerId);
  });

  it('timeout: TIMEOUT, container resumed', async () => {
    const { err, dir } = await midDump(() => undefined, { timeoutSeconds: 1 });
    expect(err).toMatchObject({ code: 'TIMEOUT' });
    await expectClean(dir, mem.containerId);
  });

  it('containerd killed mid-dump and started again: a clear error, then the container is resumed', async () => {
    let restarted: Promise<TestbedState> | null = null;
    const { err, dir } = await midDump(
      (p) => {
        if (p.phase === 'dumping' && !restarted) {
          restarted = new Promise<TestbedState>((resolve, reject) => {
            setTimeout(() => {
              restartContainerd({ downMs: 2000 }).then(resolve, reject);
            }, 50);
          });
        }
      },
      { recoveryGraceMs: 60_000 },
    );
    expect(restarted).not.toBeNull();
    const after = await restarted!;
    expect(after.pids.containerd).not.toBe(tb.pids.containerd);
    tb = after;
    expect(err).toMatchObject({ code: 'CONTAINERD_UNREACHABLE' });
    await expectClean(dir, mem.containerId);
    // The other workloads lived through the restart.
    expect(await taskStatus(client, 'k8s.io', tb.workloads.web.containerId)).toBe('RUNNING');
  }, 180_000);

  it('the container exiting mid-dump: NOT_RUNNING or CHECKPOINT_FAILED, nothing left', async () => {
    mem = await startMemoryWorkload(1024);
    const victim = mem;
    const { err, dir } = await midDump((p) => {
      if (p.phase === 'dumping') setTimeout(() => process.kill(victim.hostPid, 'SIGKILL'), 50);
    });
    // The task was frozen when killed; whichever way the dump ends, it must say so clearly.
    expect(['NOT_RUNNING', 'CHECKPOINT_FAILED']).toContain((err as { code?: string }).code);
    expect(await readdir(dir)).toEqual([]);
    expect(await taskStatus(client, 'k8s.io', victim.containerId)).not.toBe('PAUSED');
    expect(await eventually(async () => (await ourLeases(client, 'k8s.io')).length === 0, 15_000)).toBe(true);
  });
});
