// After a checkpoint: is the container in the state the user asked for? A
// checkpoint meant to leave it running that ends with it stopped (a pod's
// sandbox whose pod died, a restore of state the process could not take) must
// say so, not "written". The task is asked at once and again after a short
// settle, for a process that dies just after it is thawed.
import { setTimeout as delay } from 'node:timers/promises';
import type { TaskAfterCheckpoint } from '../../shared/dto';
import { FROM_TASK } from '../containerd/container-state';
import type { ProcessStatus } from '../containerd/messages';

export const AFTER_CHECK_SETTLE_MS = 1000;

type State = TaskAfterCheckpoint['state'];

/** The container's task state now: 'gone' when it has none, 'unknown' (with why) when containerd cannot say. */
export type TaskProbe = () => Promise<{ state: State; pid: number | null; why?: string }>;

export function taskProbe(getTask: () => Promise<{ status: ProcessStatus; pid: number } | null>): TaskProbe {
  return async () => {
    try {
      const task = await getTask();
      if (!task) return { state: 'gone', pid: null };
      return { state: FROM_TASK[task.status] ?? 'unknown', pid: task.pid > 0 ? task.pid : null };
    } catch (error) {
      return { state: 'unknown', pid: null, why: error instanceof Error ? error.message : String(error) };
    }
  };
}

export async function checkTaskAfter(
  probe: TaskProbe,
  leaveRunning: boolean,
  settleMs = AFTER_CHECK_SETTLE_MS,
): Promise<TaskAfterCheckpoint> {
  let seen = await probe();
  if (leaveRunning && seen.state === 'running' && settleMs > 0) {
    await delay(settleMs);
    seen = await probe();
  }
  const expected = leaveRunning ? 'running' : 'stopped';
  const { state } = seen;
  if (state === 'unknown')
    return {
      expected,
      state,
      ok: false,
      message: `whether the container is ${expected} after its checkpoint could not be checked${seen.why ? ` (${seen.why})` : ''}: look at it in containerd`,
    };
  if (leaveRunning) {
    if (state === 'running')
      return { expected, state, ok: true, message: `still running${seen.pid ? ` (pid ${seen.pid})` : ''}` };
    const now = state === 'gone' ? 'has no task' : `is ${state}`;
    const advice =
      state === 'paused' || state === 'pausing'
        ? 'resume it (Resume in Containers, or ctr task resume)'
        : 'restart it, or restore it from this checkpoint';
    return {
      expected,
      state,
      ok: false,
      message: `the container was to keep running, but it ${now} after its checkpoint: ${advice}`,
    };
  }
  if (state === 'stopped' || state === 'gone')
    return { expected, state, ok: true, message: 'stopped after its checkpoint, as asked' };
  return {
    expected,
    state,
    ok: false,
    message: `the container was to be stopped after its checkpoint, but it is ${state}`,
  };
}
