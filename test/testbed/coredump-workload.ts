// The core file test's pod: core-target.c (built here with gcc -static) with
// a marker at a known address and two waiting threads. See core-target.c.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CriWorkload, TestbedState } from './state';
import { removeCriPod, runCriPod, until } from './workloads';

const run = promisify(execFile);
const SOURCE = path.join(__dirname, 'core-target.c');

/** What core-target.c writes into its marker buffer. */
export const CORE_MARKER = 'h-core marker 4242';

export interface CoreTargetWorkload extends CriWorkload {
  /** The binary as built on the host (gdb's BINARY). */
  binary: string;
  /** Address of the marker in the process. */
  markerAddress: number;
  /** The process and its threads, as the checkpoint has them (pids in the container). */
  pid: number;
  tids: number[];
  remove(): Promise<void>;
}

/** Starts pod `name` running core-target; resolves once every thread runs. */
export async function startCoreTarget(tb: TestbedState, name: string): Promise<CoreTargetWorkload> {
  // Under the share folder: the same path for containerd.
  const dir = await mkdtemp(path.join(tb.shareDir, 'work', `${name}-`));
  const out = path.join(dir, 'out');
  const binary = path.join(dir, 'core-target');
  try {
    await run('gcc', ['-static', '-O2', '-g', '-pthread', '-o', binary, SOURCE]);
    await mkdir(out);
    await chmod(out, 0o777);
    const base = await runCriPod(tb.socket, {
      cgroupParent: tb.cgroupParent,
      podName: name,
      podLabels: { app: 'core-target' },
      containerName: 'core-target',
      containerLabels: { app: 'core-target' },
      image: tb.image,
      command: ['/opt/core-target', '/out'],
      mounts: [
        { containerPath: '/opt/core-target', hostPath: binary, readonly: true },
        { containerPath: '/out', hostPath: out, readonly: false },
      ],
    });
    const ready = path.join(out, 'ready');
    const words = await until(`${ready}`, 60_000, () =>
      Promise.resolve(existsSync(ready) ? readFileSync(ready, 'utf8').trim().split(' ') : undefined),
    );
    const [address, pid, ...tids] = words;
    return {
      ...base,
      binary,
      markerAddress: Number.parseInt(address!, 16),
      pid: Number(pid),
      tids: tids.map(Number),
      remove: async () => {
        await removeCriPod(tb.socket, name);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await removeCriPod(tb.socket, name).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
