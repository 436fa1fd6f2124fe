// The memory diff test's pod: memdiff-target.c (built here with gcc -static)
// as a parent that writes known bytes into known pages when told (the file
// go in its out folder) and an idle child. See memdiff-target.c.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CriWorkload, TestbedState } from './state';
import { removeCriPod, runCriPod, until } from './workloads';

const run = promisify(execFile);
const SOURCE = path.join(__dirname, 'memdiff-target.c');

/** As memdiff-target.c maps and writes them. */
export const MEMDIFF = {
  base: 0x7e50_0000_0000,
  pages: 64,
  page: 4096,
  /** Page indexes the parent writes, with 0xA0 + i into page WRITE[i]. */
  write: [3, 17, 40],
} as const;

export interface MemdiffWorkload extends CriWorkload {
  /** Pids in the container (as the checkpoint has them). */
  parent: number;
  child: number;
  /** Creates the go file and waits until the parent has written its pages (read from /proc/PID/mem). */
  write(): Promise<void>;
  remove(): Promise<void>;
}

/** Starts pod `name` running memdiff-target; resolves once both processes run. */
export async function startMemdiff(tb: TestbedState, name: string): Promise<MemdiffWorkload> {
  // Under the share folder: the same path for containerd.
  const dir = await mkdtemp(path.join(tb.shareDir, 'work', `${name}-`));
  const out = path.join(dir, 'out');
  const binary = path.join(dir, 'memdiff-target');
  try {
    await run('gcc', ['-static', '-O2', '-o', binary, SOURCE]);
    await run('mkdir', ['-p', out]);
    await chmod(out, 0o777);
    const base = await runCriPod(tb.socket, {
      cgroupParent: tb.cgroupParent,
      podName: name,
      podLabels: { app: 'memdiff' },
      containerName: 'memdiff',
      containerLabels: { app: 'memdiff' },
      image: tb.image,
      command: ['/opt/memdiff-target', '/out'],
      // The kernel writes the current CPU into glibc's rseq area; memdiff-target.c says why this matters.
      env: { GLIBC_TUNABLES: 'glibc.pthread.rseq=0' },
      mounts: [
        { containerPath: '/opt/memdiff-target', hostPath: binary, readonly: true },
        { containerPath: '/out', hostPath: out, readonly: false },
      ],
    });
    const ready = path.join(out, 'ready');
    const [parent, child] = await until(`${ready}`, 60_000, () =>
      Promise.resolve(existsSync(ready) ? readFileSync(ready, 'utf8').trim().split(' ').map(Number) : undefined),
    );
    const last = MEMDIFF.write.length - 1;
    const at = MEMDIFF.base + MEMDIFF.write[last]! * MEMDIFF.page;
    return {
      ...base,
      parent: parent!,
      child: child!,
      write: async () => {
        await writeFile(path.join(out, 'go'), '');
        // The parent writes the pages in order: the last page's last byte says all are written.
        await until(`pages written in ${base.hostPid}`, 30_000, async () => {
          const mem = await open(`/proc/${base.hostPid}/mem`, 'r');
          try {
            const b = Buffer.alloc(1);
            await mem.read(b, 0, 1, at + MEMDIFF.page - 1);
            return b[0] === 0xa0 + last ? true : undefined;
          } finally {
            await mem.close();
          }
        });
      },
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
