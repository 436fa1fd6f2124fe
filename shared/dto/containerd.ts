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
