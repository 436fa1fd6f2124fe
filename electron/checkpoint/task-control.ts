// Pausing and resuming the container's task around the dump. Resume happens
// in every case; when containerd went away mid-checkpoint we wait (bounded)
// for it to come back, so the container is not left frozen.
import { AppError } from '../../shared/errors';
import type { ProcessRecord, ProcessStatus } from '../containerd/messages';
import type { Rpc } from '../containerd/rpc';
import { getTask } from '../containerd/tasks';

const CRI_STATE: Record<ProcessStatus | 'NONE', string> = {
  RUNNING: 'CONTAINER_RUNNING',
  PAUSED: 'CONTAINER_RUNNING',
  PAUSING: 'CONTAINER_RUNNING',
  CREATED: 'CONTAINER_CREATED',
  STOPPED: 'CONTAINER_EXITED',
  UNKNOWN: 'CONTAINER_UNKNOWN',
  NONE: 'CONTAINER_CREATED',
};

/** Same words as containerd's CRI CheckpointContainer. */
export function notRunningError(id: string, task: ProcessRecord | null): AppError {
  const state = CRI_STATE[task?.status ?? 'NONE'] ?? 'CONTAINER_UNKNOWN';
  return new AppError(
    'NOT_RUNNING',
    `container "${id}" is in ${state} state. only CONTAINER_RUNNING containers can be checkpointed`,
    { containerId: id, state },
  );
}

const RETRYABLE = new Set(['CONTAINERD_UNREACHABLE', 'TIMEOUT']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Retries `op` while containerd is unreachable, up to graceMs; resolves with
 * what `op` returns. Not tied to the job's cancel: this is the cleanup.
 */
export async function whenReachable<T>(
  op: () => Promise<T>,
  graceMs: number,
  onWait: (error: AppError) => void,
): Promise<T> {
  const until = Date.now() + graceMs;
  for (;;) {
    try {
      return await op();
    } catch (error) {
      if (!(error instanceof AppError) || !RETRYABLE.has(error.code) || Date.now() >= until) throw error;
      onWait(error);
      await sleep(500);
    }
  }
}

export async function resumeTask(
  rpc: Rpc,
  namespace: string,
  id: string,
  graceMs: number,
  onWait: (error: AppError) => void,
): Promise<'resumed' | 'not-paused'> {
  return whenReachable(
    async () => {
      try {
        await rpc.unary('tasks', 'Resume', { container_id: id }, { namespace, timeoutMs: 10_000 });
        return 'resumed' as const;
      } catch (error) {
        if (error instanceof AppError && RETRYABLE.has(error.code)) throw error;
        // containerd answered: if the task is gone or no longer paused there is nothing to undo.
        const task = await getTask(rpc, namespace, id, 10_000);
        if (!task || task.status !== 'PAUSED') return 'not-paused' as const;
        throw new AppError('CHECKPOINT_FAILED', `could not resume container ${id}: ${(error as Error).message}`);
      }
    },
    graceMs,
    onWait,
  );
}
