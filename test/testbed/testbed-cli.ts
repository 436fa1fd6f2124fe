// Command line of the testbed's Node side, run by the shell scripts with
// `node --import tsx`:
//   up --suite S --socket S ... wait for CRI, start the workloads, write the state file
//   mem MIB                     start (or restart) the memhog pod, print its facts
//   checkpoint CONTAINER FILE   CRI CheckpointContainer to FILE (a share path)
//   plain                       restart the plain ctr container, update the state file
//   restart-containerd          kill containerd and start it again (workloads stay)
// Every command but `up` acts on one suite's testbed: `--suite NAME`, else
// $TESTBED_SUITE, else forky.
import path from 'node:path';
import { makeCheckpointImages } from './checkpoint-images.js';
import { parseArgs } from 'node:util';
import { startDockerWorkload } from './docker.js';
import { containerdVersionClient } from './grpc.js';
import { criCheckpoint, readTestbedState, restartContainerd, restartPlainWorkload } from './testbed.js';
import { nsExec } from './ns-exec.js';
import {
  defaultSuite,
  isSuiteName,
  suiteStateFile,
  writeStateFile,
  type SuiteFacts,
  type SuiteName,
  type TestbedState,
} from './state.js';
import { startMemory, startPlain, startWeb, startWorker, waitCriReady } from './workloads.js';

/**
 * What each suite's runtime does, measured on this project's machines (see
 * test/testbed/README.md): containerd 1.7's CRI has no CheckpointContainer,
 * and CRIU 4.1.1 cannot dump httpd's listening socket on this kernel.
 */
const SUITE_FACTS: Record<SuiteName, SuiteFacts> = {
  forky: { criCheckpoint: 'supported', webDumpable: true, webDumpError: null },
  trixie: {
    criCheckpoint: 'unimplemented',
    webDumpable: false,
    webDumpError: "sockets: Can't get 1:16 opt: Operation not supported",
  },
};

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
      suite: { type: 'string' },
      'state-file': { type: 'string' },
      'cgroup-parent': { type: 'string' },
      'cni-bridge': { type: 'string' },
      'cni-subnet': { type: 'string' },
      'containerd-env': { type: 'string' },
      'docker-socket': { type: 'string' },
      'dockerd-pid': { type: 'string' },
    },
  });
  const need = (k: keyof typeof v): string => {
    const x = v[k];
    if (typeof x !== 'string' || !x) throw new Error(`missing --${k}`);
    return x;
  };
  const suite = need('suite');
  if (!isSuiteName(suite)) throw new Error(`unknown suite ${suite}`);
  const stateFile = need('state-file');
  const socket = need('socket');
  const image = need('image');
  const containerdPid = Number(need('containerd-pid'));
  const host = { socket, image, cgroupParent: need('cgroup-parent') };
  await waitCriReady(socket);

  const version = containerdVersionClient(socket);
  const { version: containerdVersion } = await version.call<{ version: string }>('Version');
  version.close();
  const firstLine = (s: string) => (s.split('\n')[0] ?? '').trim();
  const runc = firstLine(await nsExec(containerdPid, ['runc', '--version']));
  const criu = firstLine(await nsExec(containerdPid, ['criu', '--version']));

  const web = await startWeb(host);
  const plain = await startPlain(containerdPid, host);
  const checkpointImages = await makeCheckpointImages(containerdPid, plain, need('archive-dir'));
  // The pod CRIU can dump where it cannot dump web's listener.
  const worker = SUITE_FACTS[suite].webDumpable ? undefined : await startWorker(host);
  const dockerSocket = v['docker-socket'];
  const docker = dockerSocket
    ? await startDockerWorkload(containerdPid, image, dockerSocket, need('rootfs'), Number(need('dockerd-pid')))
    : undefined;
  const state: TestbedState = {
    schema: 1,
    suite,
    startedAt: new Date().toISOString(),
    socket,
    runDir: path.dirname(stateFile),
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
      ...(docker ? { docker: docker.version } : {}),
    },
    image,
    cgroupParent: host.cgroupParent,
    cni: { bridge: need('cni-bridge'), subnet: need('cni-subnet') },
    containerdEnv: Object.fromEntries(
      (v['containerd-env'] ?? '')
        .split(/\s+/)
        .filter((kv) => kv.includes('='))
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    ),
    facts: SUITE_FACTS[suite],
    checkpointImages,
    ...(docker ? { docker: docker.facts } : {}),
    workloads: {
      web,
      plain,
      ...(worker ? { worker } : {}),
      ...(docker ? { docker: docker.workload } : {}),
    },
  };
  writeStateFile(state, stateFile);
}

/** The running testbed of a suite, or an error saying how to start it. */
function running(suite: SuiteName): TestbedState {
  const s = readTestbedState(suite);
  if (!s)
    throw new Error(
      `the ${suite} testbed is not running (${suiteStateFile(suite)}); npm run testbed:up -- --suite ${suite}`,
    );
  return s;
}

async function mem(suite: SuiteName, mib: number): Promise<void> {
  const w = await startMemory(running(suite), mib);
  process.stdout.write(`${JSON.stringify(w, null, 2)}\n`);
}

async function checkpoint(suite: SuiteName, containerId?: string, location?: string): Promise<void> {
  if (!containerId || !location) throw new Error('usage: checkpoint CONTAINER_ID LOCATION');
  await criCheckpoint(running(suite), containerId, location);
}

/** `--suite NAME` (or `--suite=NAME`) taken out of the arguments. */
function takeSuite(args: string[]): { suite: SuiteName; rest: string[] } {
  const rest: string[] = [];
  let name: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--suite') name = args[++i];
    else if (a.startsWith('--suite=')) name = a.slice('--suite='.length);
    else rest.push(a);
  }
  if (name === undefined) return { suite: defaultSuite(), rest };
  if (!isSuiteName(name)) throw new Error(`unknown suite "${name}"`);
  return { suite: name, rest };
}

async function main(): Promise<void> {
  const [cmd, ...args] = process.argv.slice(2);
  if (cmd === 'up') return up(args);
  const { suite, rest } = takeSuite(args);
  switch (cmd) {
    case 'mem':
      return mem(suite, Number(rest[0] ?? process.env.TESTBED_MEM_MIB ?? 64));
    case 'checkpoint':
      return checkpoint(suite, rest[0], rest[1]);
    case 'plain':
      await restartPlainWorkload(suite);
      return;
    case 'restart-containerd':
      process.stdout.write(`containerd pid ${(await restartContainerd({ suite })).pids.containerd}\n`);
      return;
    default:
      throw new Error(`unknown command ${cmd ?? '(none)'}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[testbed] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
