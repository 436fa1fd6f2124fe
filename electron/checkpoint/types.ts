import type { JobProgress } from '../../shared/dto';

/** What a checkpoint needs of the job running it (a JobContext is one): cancel, and a place for progress. */
export interface CheckpointContext {
  readonly signal: AbortSignal;
  progress(
    update: Omit<JobProgress, 'jobId' | 'fraction' | 'bytesDone' | 'bytesTotal' | 'message'> & Partial<JobProgress>,
  ): void;
}

export interface CheckpointRequest {
  containerId: string;
  namespace: string;
  via: 'auto' | 'cri' | 'native';
  /** Absolute path of the archive to write (an uncompressed tar). */
  outputPath: string;
  leaveRunning: boolean;
  timeoutSeconds: number;
  /**
   * Native path: CRIU's work folder (dump.log, stats-dump), a path containerd
   * sees the same as we do. Default: a temporary folder beside the output.
   * null: let the runtime choose (those two files are then not in the archive).
   */
  criuWorkDir?: string | null;
  /** How long cleanup waits for containerd to come back to resume the task (default 60 s). */
  recoveryGraceMs?: number;
}

export interface CheckpointResult {
  outputPath: string;
  via: 'cri' | 'native';
  bytes: number;
}

export type Progress = CheckpointContext['progress'];

/** A lease that containerd collects by itself if we die before deleting it. */
export function leaseExpiry(now = Date.now(), ttlMs = 60 * 60 * 1000): string {
  return new Date(now + ttlMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const LEASE_LABEL = {
  pid: 'checkpoint-inspector/pid',
  container: 'checkpoint-inspector/container',
} as const;

/** Our checkpoint lease's labels: its expiry, and who made it for which container (so a leftover can be told from others'). */
export function leaseLabels(containerId: string, now = Date.now()): Record<string, string> {
  return {
    'containerd.io/gc.expire': leaseExpiry(now),
    [LEASE_LABEL.pid]: String(process.pid),
    [LEASE_LABEL.container]: containerId,
  };
}
