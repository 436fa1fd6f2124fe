// Pausing and resuming the container's task around the dump. Resume happens
// in every case; when containerd went away mid-checkpoint we say loudly that
// the container is paused (and how to resume it by hand) and keep trying
// until containerd answers: a frozen container is worse than a slow exit, and
// if we die meanwhile the journal lets the next start resume it.
import { AppError } from '../../shared/errors';
import { DEFAULT_SOCKET } from '../containerd/address';
import type { ProcessRecord, ProcessStatus } from '../containerd/messages';
import type { Rpc } from '../containerd/rpc';
import { getTask } from '../containerd/tasks';
import type { CheckpointRequest } from './types';

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
const RETRY_MS = 500;
/** How often the "still paused" notice is repeated while containerd stays away. */
const NOTICE_EVERY_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long cleanup waits for containerd: the request's bound (tests), else until it answers. */
export function cleanupGraceMs(req: Pick<CheckpointRequest, 'recoveryGraceMs'>): number {
  return req.recoveryGraceMs ?? Number.POSITIVE_INFINITY;
}

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
      await sleep(RETRY_MS);
    }
  }
}

/** The command that resumes the task by hand. */
export function resumeCommand(socketPath: string, namespace: string, id: string): string {
  const address = socketPath === DEFAULT_SOCKET ? '' : ` --address ${socketPath}`;
  return `ctr${address} -n ${namespace} task resume ${id}`;
}

/**
 * While a resume waits for containerd: says at once, then every 30 s, that
 * the container is PAUSED, that we keep trying, and the command to resume it.
 */
export function pausedNotice(
  say: (message: string) => void,
  where: { socketPath: string; namespace: string; id: string },
  now: () => number = Date.now,
): (error: AppError) => void {
  const command = resumeCommand(where.socketPath, where.namespace, where.id);
  let since: number | null = null;
  let last = 0;
  return (error) => {
    const t = now();
    if (since === null) {
      since = last = t;
      say(
        `containerd is unreachable (${error.message}): container ${where.id} is PAUSED. ` +
          `It is resumed as soon as containerd answers (still trying). To resume it yourself: ${command}`,
      );
    } else if (t - last >= NOTICE_EVERY_MS) {
      last = t;
      say(
        `container ${where.id} is still PAUSED: containerd unreachable for ${Math.round((t - since) / 1000)} s, still trying (${command})`,
      );
    }
  };
}

export async function resumeTask(
  rpc: Rpc,
  namespace: string,
  id: string,
  graceMs: number,
  onWait: (error: AppError) => void,
): Promise<'resumed' | 'not-paused'> {
  try {
    return await whenReachable(
      async () => {
        try {
          await rpc.unary('tasks', 'Resume', { container_id: id }, { namespace, timeoutMs: 10_000 });
          return 'resumed' as const;
        } catch (error) {
          if (error instanceof AppError && RETRYABLE.has(error.code)) throw error;
          // runc says the cgroup is not frozen (CRIU thawed it) while containerd still says PAUSED:
          // nothing is frozen, so nothing to undo.
          if (/container not paused|not paused/i.test((error as Error).message)) return 'not-paused' as const;
          // containerd answered: if the task is gone or no longer paused there is nothing to undo.
          const task = await getTask(rpc, namespace, id, 10_000);
          if (!task || task.status !== 'PAUSED') return 'not-paused' as const;
          throw new AppError('CHECKPOINT_FAILED', `could not resume container ${id}: ${(error as Error).message}`);
        }
      },
      graceMs,
      onWait,
    );
  } catch (error) {
    const e = error instanceof AppError ? error : new AppError('CHECKPOINT_FAILED', String(error));
    throw new AppError(
      e.code,
      `${e.message}; container ${id} is still PAUSED: resume it with ${resumeCommand(rpc.socketPath, namespace, id)}`,
      { ...e.details, paused: true },
    );
  }
}
