// Command line of the testbed's Node side, run by the shell scripts with
// `node --import tsx`:
//   up --socket S ...           wait for CRI, start web + plain, write state.json
//   mem MIB                     start (or restart) the memhog pod, print its facts
//   checkpoint CONTAINER FILE   CRI CheckpointContainer to FILE (a share path)
//   plain                       restart the plain ctr container, update state.json
//   restart-containerd          kill containerd and start it again (workloads stay)
import { parseArgs } from 'node:util';
import { containerdVersionClient } from './grpc.js';
import { criCheckpoint, restartContainerd, restartPlainWorkload } from './testbed.js';
import { nsExec } from './ns-exec.js';
import { readStateFile, writeStateFile, type TestbedState } from './state.js';
import { startMemory, startPlain, startWeb, waitCriReady } from './workloads.js';

async function up(argv: string[]): Promise<void> {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      'cache-dir': { type: 'string' },
      rootfs: { type: 'string' },
      'share-dir': { type: 'string' },
      'archive-dir': { type: 'string' },
      'mem-dir': { type: 'string' },
      memhog: { type: 'string' },
      image: { type: 'string' },
      socket: { type: 'string' },
      'holder-pid': { type: 'string' },
      'containerd-pid': { type: 'string' },
    },
  });
  const need = (k: keyof typeof v): string => {
    const x = v[k];
    if (typeof x !== 'string' || !x) throw new Error(`missing --${k}`);
    return x;
  };
  const socket = need('socket');
  const image = need('image');
  const containerdPid = Number(need('containerd-pid'));
  await waitCriReady(socket);

  const version = containerdVersionClient(socket);
  const { version: containerdVersion } = await version.call<{ version: string }>('Version');
  version.close();
  const firstLine = (s: string) => (s.split('\n')[0] ?? '').trim();
  const runc = firstLine(await nsExec(containerdPid, ['runc', '--version']));
  const criu = firstLine(await nsExec(containerdPid, ['criu', '--version']));

  const web = await startWeb(socket, image);
  const plain = await startPlain(containerdPid, image);
  const state: TestbedState = {
    schema: 1,
    startedAt: new Date().toISOString(),
    socket,
    cacheDir: need('cache-dir'),
    rootfs: need('rootfs'),
    shareDir: need('share-dir'),
    archiveDir: need('archive-dir'),
    memDir: need('mem-dir'),
    memhogBinary: need('memhog'),
    pids: { holder: Number(need('holder-pid')), containerd: containerdPid },
    versions: {
      containerd: containerdVersion,
      runc: runc.replace(/^runc version\s*/, ''),
      criu: criu.replace(/^Version:\s*/, ''),
    },
    image,
    workloads: { web, plain },
  };
  writeStateFile(state);
}

async function mem(mib: number): Promise<void> {
  const s = readStateFile();
  const w = await startMemory(s.socket, s.image, s.memhogBinary, s.memDir, mib);
  process.stdout.write(`${JSON.stringify(w, null, 2)}\n`);
}

async function checkpoint(containerId?: string, location?: string): Promise<void> {
  if (!containerId || !location) throw new Error('usage: checkpoint CONTAINER_ID LOCATION');
  await criCheckpoint(readStateFile(), containerId, location);
}

async function main(): Promise<void> {
  const [cmd, ...rest] = process.argv.slice(2);
  switch (cmd) {
    case 'up':
      return up(rest);
    case 'mem':
      return mem(Number(rest[0] ?? process.env.TESTBED_MEM_MIB ?? 64));
    case 'checkpoint':
      return checkpoint(rest[0], rest[1]);
    case 'plain':
      await restartPlainWorkload();
      return;
    case 'restart-containerd':
      process.stdout.write(`containerd pid ${(await restartContainerd()).pids.containerd}\n`);
      return;
    default:
      throw new Error(`unknown command ${cmd ?? '(none)'}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[testbed] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
