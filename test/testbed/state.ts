// The testbed's state file: written by up.sh (through workloads-cli.ts) once
// containerd and the workloads run, read by tests. Its path is
// $CHECKPOINT_INSPECTOR_TESTBED_RUN/state.json, default
// /run/checkpoint-inspector-testbed/state.json.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const RUN_DIR = process.env.CHECKPOINT_INSPECTOR_TESTBED_RUN ?? '/run/checkpoint-inspector-testbed';
export const STATE_FILE = path.join(RUN_DIR, 'state.json');

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

export interface PlainWorkload {
  /** containerd namespace; made with ctr, not through CRI */
  namespace: 'default';
  containerId: string;
  image: string;
  hostPid: number;
  argv: string[];
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

export interface TestbedState {
  schema: 1;
  startedAt: string;
  /** host path of containerd's socket; grpc target is `unix://${socket}` */
  socket: string;
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
  versions: { containerd: string; runc: string; criu: string };
  image: string;
  workloads: { web: WebWorkload; plain: PlainWorkload };
}

export function readStateFile(file = STATE_FILE): TestbedState {
  return JSON.parse(readFileSync(file, 'utf8')) as TestbedState;
}

export function writeStateFile(state: TestbedState, file = STATE_FILE): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
