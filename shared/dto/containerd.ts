import type { ErrorInfo } from '../errors';

/**
 * What a user sees of a container. CRI containers: CRI's state (created,
 * running, exited, unknown; paused when the task is frozen). Others: the
 * task's state, or no-task when containerd holds none.
 */
export type ContainerStatus =
  'created' | 'running' | 'paused' | 'pausing' | 'stopped' | 'exited' | 'unknown' | 'no-task';

export interface ContainerInfo {
  namespace: string;
  id: string;
  name: string;
  podName: string | null;
  podNamespace: string | null;
  containerName: string | null;
  image: string;
  runtime: string;
  labels: Record<string, string>;
  createdAt: string | null;
  status: ContainerStatus;
  /** Exit status, for an exited or stopped container whose runtime says. */
  exitCode: number | null;
  exitedAt: string | null;
  /** Where the state came from: CRI's own status, or containerd's task. */
  statusSource: 'cri' | 'task';
  pid: number | null;
  /** Made through CRI (can use CheckpointContainer). */
  cri: boolean;
  /** A pod's sandbox (pause container): shown as the pod, never checkpointed. */
  sandbox: boolean;
  /** A pod container's sandbox id (its pod row); null for sandboxes and containers of no pod. */
  sandboxId: string | null;
}

export interface ConnectionStatus {
  state: 'disconnected' | 'connecting' | 'connected' | 'error';
  socketPath: string;
  version: string | null;
  error: ErrorInfo | null;
}

export type CheckpointVia = 'auto' | 'cri' | 'native';

/**
 * What a host did about a checkpoint that a process of ours left unfinished
 * (killed, or the machine lost power): resumed the container, released the
 * lease, removed the temp files; or why it could not yet.
 */
export interface CheckpointNotice {
  at: string;
  containerId: string | null;
  namespace: string | null;
  /** false: something is left (the container may still be paused); the message says what to do. */
  ok: boolean;
  message: string;
}

/** The one way every host writes a state: "exited (137)", "running", "no-task". */
export function containerStatusLabel(c: Pick<ContainerInfo, 'status' | 'exitCode'>): string {
  return c.exitCode !== null && (c.status === 'exited' || c.status === 'stopped')
    ? `${c.status} (${c.exitCode})`
    : c.status;
}

/** How a checkpoint would write its archive: CRI, native with CRIU's images in a folder shared with containerd, or streamed. */
export type CheckpointHowPlanned = 'cri' | 'native-shared' | 'native-streamed';

/**
 * What the checkpoint dialog shows before anything starts (checkpoint.plan):
 * the folder's state, whether containerd sees it, and the path a checkpoint
 * into it would take now, or why it could not start.
 */
export interface CheckpointPlan {
  folder: string;
  folderState: 'ready' | 'missing' | 'not-a-folder' | 'not-writable' | 'full' | 'invalid';
  /** What is wrong with the folder and what to do about it; null when it is ready. */
  folderProblem: string | null;
  /** A missing folder that checkpoint.createFolder can make (its nearest existing parent is a writable folder). */
  canCreate: boolean;
  /** Bytes free in the folder's file system (of its nearest existing parent when it is missing). */
  freeBytes: number | null;
  /** Whether containerd sees the folder at the same path; null when it was not asked (folder not ready, not connected). */
  containerdSees: { state: 'same' | 'other' | 'unknown'; reason: string } | null;
  /** The path a checkpoint would take; null when it could not be worked out (see pathError, or the folder). */
  path: { via: 'cri' | 'native'; how: CheckpointHowPlanned; reason: string } | null;
  /** Why a checkpoint would be refused now (a sandbox, CRI into a folder containerd cannot see, no connection). */
  pathError: ErrorInfo | null;
}

/** After a checkpoint: whether the container is in the state asked for (running, or stopped); `ok` false is an alarm. */
export interface TaskAfterCheckpoint {
  expected: 'running' | 'stopped';
  /** The task's state as containerd says it ('gone': no task; 'unknown': it could not be asked). */
  state: 'running' | 'paused' | 'pausing' | 'stopped' | 'created' | 'gone' | 'unknown';
  ok: boolean;
  message: string;
}

/** What a container's OCI spec (held by containerd) says beyond the list: the details drawer's mounts, annotations, cgroup, namespaces. */
export interface ContainerDetails {
  mounts: { destination: string; type: string | null; source: string | null; options: string[] }[];
  annotations: Record<string, string>;
  cgroupsPath: string | null;
  namespaces: { type: string; path: string | null }[];
  /** What could not be read or was cut (no spec, not JSON, over a limit); null when all of it is shown. */
  problem: string | null;
}
