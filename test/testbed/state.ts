// The testbed's state file: written by up.sh (through testbed-cli.ts) once
// containerd and the workloads run, read by tests. One per suite, in the
// suite's run folder (lib.sh has the same defaults and variables):
//   forky  $CHECKPOINT_INSPECTOR_TESTBED_RUN, default /run/checkpoint-inspector-testbed
//   trixie $CHECKPOINT_INSPECTOR_TESTBED_TRIXIE_RUN, default /run/checkpoint-inspector-testbed-trixie
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** forky: Debian testing, containerd 2.x. trixie: Debian 13, containerd 1.7 and Docker. */
export type SuiteName = 'forky' | 'trixie';
export const SUITES: readonly SuiteName[] = ['forky', 'trixie'];

export function isSuiteName(name: string): name is SuiteName {
  return (SUITES as readonly string[]).includes(name);
}

/** $TESTBED_SUITE, else forky; an unknown name throws, naming it. */
export function defaultSuite(): SuiteName {
  const name = process.env.TESTBED_SUITE ?? 'forky';
  if (!isSuiteName(name))
    throw new Error(`TESTBED_SUITE="${name}" is not a testbed suite (known: ${SUITES.join(', ')})`);
  return name;
}

export function suiteRunDir(suite: SuiteName): string {
  if (suite === 'trixie') {
    return process.env.CHECKPOINT_INSPECTOR_TESTBED_TRIXIE_RUN ?? '/run/checkpoint-inspector-testbed-trixie';
  }
  return process.env.CHECKPOINT_INSPECTOR_TESTBED_RUN ?? '/run/checkpoint-inspector-testbed';
}

export function suiteStateFile(suite: SuiteName): string {
  return path.join(suiteRunDir(suite), 'state.json');
}

/** The forky suite's (the default testbed's) run folder and state file. */
export const RUN_DIR = suiteRunDir('forky');
export const STATE_FILE = suiteStateFile('forky');

/** One process of a container, as seen from the host's /proc at setup time. */
export interface ProcessFact {
  /** pid inside the container's pid namespace (what CRIU's pstree shows) */
  pid: number;
  /** ppid inside the container's pid namespace; 0 for the container's init */
  ppid: number;
  hostPid: number;
  comm: string;
  argv: string[];
  /** open file descriptors: fd number to readlink target */
  fds: Record<string, string>;
}

export interface CriWorkload {
  /** containerd namespace: CRI uses k8s.io */
  namespace: 'k8s.io';
  podSandboxId: string;
  pod: { name: string; namespace: string; uid: string; labels: Record<string, string> };
  containerId: string;
  containerName: string;
  containerLabels: Record<string, string>;
  image: string;
  hostPid: number;
}

export interface WebWorkload extends CriWorkload {
  port: number;
  /** every env var set in the container config (not the image's PATH) */
  env: Record<string, string>;
  secretEnv: { key: string; value: string };
  /** the regular file held open by `tail -f` */
  openFile: string;
  /** paths in the container written (new) after start */
  filesAdded: string[];
  /** paths from the image changed after start */
  filesChanged: string[];
  /** paths from the image deleted after start */
  filesDeleted: string[];
  processes: ProcessFact[];
  listeningPorts: number[];
}

/** containerd checkpoint images of the plain container (ctr container checkpoint), made at start. */
export interface CheckpointImagesFacts {
  namespace: 'default';
  /** --rw --task: CRIU images, spec and the rw layer */
  withRootfsDiff: string;
  /** --task only: no rw layer */
  withoutRootfsDiff: string;
  /** withRootfsDiff exported by `ctr images export --skip-manifest-json` (host path) */
  layoutTar: string;
  /** per image name: whether containerd stored the task's CRIU images in it (1.7's ctr may not) */
  criuImages?: Record<string, boolean>;
}

export interface PlainWorkload {
  /** containerd namespace; made with ctr, not through CRI */
  namespace: 'default';
  containerId: string;
  image: string;
  hostPid: number;
  argv: string[];
}

/**
 * The `worker` pod (trixie): like `web` without a listening socket, so CRIU
 * 4.1.1 can dump it: pid 1 `sh` looping on sleep, a child `tail -f` holding
 * `openFile` open. `processes` are as at start: each checkpoint ends the
 * sleep early and the loop starts a new one, with a new pid.
 */
export interface WorkerWorkload extends CriWorkload {
  openFile: string;
  filesAdded: string[];
  processes: ProcessFact[];
}

/** A Docker container (namespace `moby` in containerd), run by `docker run -d`. */
export interface DockerWorkload {
  namespace: 'moby';
  /** Docker's full container id, also containerd's container id */
  containerId: string;
  /** Docker's name, without the leading slash */
  name: string;
  image: string;
  hostPid: number;
  argv: string[];
  /** written with `docker exec` after start: in the container's writable layer only */
  fileWrittenAfterStart: { path: string; content: string };
}

export interface MemoryMarker {
  name: string;
  text: string;
  /** offset from the mapping's base */
  offset: number;
  /** virtual address, hex "0x..." */
  address: string;
}

export interface MemoryWorkload extends CriWorkload {
  mib: number;
  /** written by memhog itself inside the container */
  layout: { pid: number; mib: number; size: number; base: string; pageSize: number; markers: MemoryMarker[] };
}

/** What this suite's runtime is known to do, recorded at start for the tests. */
export interface SuiteFacts {
  /** CRI CheckpointContainer: works (containerd 2.x) or answers Unimplemented (1.7) */
  criCheckpoint: 'supported' | 'unimplemented';
  /** whether CRIU can dump `web` (its httpd listening socket) */
  webDumpable: boolean;
  /** the dump.log line that says why not, when it cannot */
  webDumpError: string | null;
}

export interface DockerFacts {
  /** host path of dockerd's socket */
  socket: string;
  pid: number;
  /** containerd namespace of Docker's containers */
  namespace: 'moby';
  graphDriver: string;
  /** host path of Docker's data root (in the root fs) */
  dataRoot: string;
}

export interface TestbedState {
  schema: 1;
  /** absent only in state files written before suites existed (forky) */
  suite: SuiteName;
  startedAt: string;
  /** host path of containerd's socket; grpc target is `unix://${socket}` */
  socket: string;
  /** the suite's run folder (state file, logs, socket folders) */
  runDir: string;
  cacheDir: string;
  rootfs: string;
  /** bound at the same path inside containerd's mount namespace */
  shareDir: string;
  /** where CRI checkpoint archives go: same path on host and for containerd */
  archiveDir: string;
  /** memhog's JSON outputs */
  memDir: string;
  /** memhog's static binary, host path (mounted read-only into containers) */
  memhogBinary: string;
  pids: { holder: number; containerd: number };
  versions: { containerd: string; runc: string; criu: string; docker?: string };
  image: string;
  /** cgroup parent of every pod and container, in every hierarchy */
  cgroupParent: string;
  cni: { bridge: string; subnet: string };
  /** extra environment containerd runs with (its shims, runc and CRIU inherit it) */
  containerdEnv: Record<string, string>;
  facts: SuiteFacts;
  /** present in suites with Docker (trixie) */
  docker?: DockerFacts;
  workloads: { web: WebWorkload; plain: PlainWorkload; worker?: WorkerWorkload; docker?: DockerWorkload };
  /** absent in state files written before they were made */
  checkpointImages?: CheckpointImagesFacts;
}

/**
 * Reads a state file. A forky state file from before suites existed gets the
 * fields it lacks (the values lib.sh used then), so a testbed started by an
 * older checkout still reads whole.
 */
export function readStateFile(file = STATE_FILE): TestbedState {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<TestbedState> & Omit<TestbedState, 'suite'>;
  return {
    ...raw,
    suite: raw.suite ?? 'forky',
    runDir: raw.runDir ?? path.dirname(file),
    cgroupParent: raw.cgroupParent ?? 'checkpoint-inspector-testbed',
    cni: raw.cni ?? { bridge: 'ckptbr0', subnet: '169.254.123.0/24' },
    containerdEnv: raw.containerdEnv ?? {},
    facts: raw.facts ?? { criCheckpoint: 'supported', webDumpable: true, webDumpError: null },
  };
}

export function writeStateFile(state: TestbedState, file = STATE_FILE): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
