// The recovered-data test's pod: hidden-state.c (built here with gcc -static),
// which holds a deleted-but-open file, a memfd, unread pipe, unix socket and
// TCP bytes, and writes the exact bytes of each into its out folder.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CriWorkload, TestbedState } from './state';
import { removeCriPod, runCriPod, until } from './workloads';

const run = promisify(execFile);
const SOURCE = path.join(__dirname, 'hidden-state.c');

/** What hidden-state.c wrote, by the name of its out file. */
export type HiddenBytes = Record<'ghost' | 'memfd' | 'pipe' | 'unix' | 'tcp-in' | 'tcp-back', Buffer>;

export interface HiddenStateWorkload extends CriWorkload {
  /** As ready says: the pid in the container and each descriptor. */
  pid: number;
  fds: {
    ghost: number;
    memfd: number;
    pipeRead: number;
    pipeWrite: number;
    sv0: number;
    sv1: number;
    client: number;
    server: number;
  };
  bytes: HiddenBytes;
  remove(): Promise<void>;
}

export async function startHiddenState(tb: TestbedState, name: string): Promise<HiddenStateWorkload> {
  // Under the share folder: the same path for containerd.
  await mkdir(path.join(tb.shareDir, 'work'), { recursive: true });
  const dir = await mkdtemp(path.join(tb.shareDir, 'work', `${name}-`));
  const out = path.join(dir, 'out');
  const binary = path.join(dir, 'hidden-state');
  const cleanup = async () => {
    await removeCriPod(tb.socket, name).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await run('gcc', ['-static', '-O1', '-o', binary, SOURCE]);
    await mkdir(out);
    await chmod(out, 0o777);
    const base = await runCriPod(tb.socket, {
      cgroupParent: tb.cgroupParent,
      podName: name,
      podLabels: { app: 'hidden-state' },
      containerName: 'hidden-state',
      containerLabels: { app: 'hidden-state' },
      image: tb.image,
      command: ['/opt/hidden-state', '/out'],
      mounts: [
        { containerPath: '/opt/hidden-state', hostPath: binary, readonly: true },
        { containerPath: '/out', hostPath: out, readonly: false },
      ],
    });
    const ready = path.join(out, 'ready');
    const words = await until(ready, 60_000, () =>
      Promise.resolve(existsSync(ready) ? readFileSync(ready, 'utf8').trim().split(' ').map(Number) : undefined),
    );
    const [pid, ghost, memfd, pipeRead, pipeWrite, sv0, sv1, client, server] = words;
    const read = (n: string) => readFile(path.join(out, `${n}.bin`));
    const bytes: HiddenBytes = {
      ghost: await read('ghost'),
      memfd: await read('memfd'),
      pipe: await read('pipe'),
      unix: await read('unix'),
      'tcp-in': await read('tcp-in'),
      'tcp-back': await read('tcp-back'),
    };
    return {
      ...base,
      pid: pid!,
      fds: {
        ghost: ghost!,
        memfd: memfd!,
        pipeRead: pipeRead!,
        pipeWrite: pipeWrite!,
        sv0: sv0!,
        sv1: sv1!,
        client: client!,
        server: server!,
      },
      bytes,
      remove: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
