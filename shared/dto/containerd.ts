import type { ErrorInfo } from '../errors';

export type TaskStatus = 'running' | 'paused' | 'stopped' | 'created' | 'pausing' | 'unknown' | 'none';

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
  status: TaskStatus;
  pid: number | null;
  /** Made through CRI (can use CheckpointContainer). */
  cri: boolean;
}

export interface ConnectionStatus {
  state: 'disconnected' | 'connecting' | 'connected' | 'error';
  socketPath: string;
  version: string | null;
  error: ErrorInfo | null;
}

export type CheckpointVia = 'auto' | 'cri' | 'native';
