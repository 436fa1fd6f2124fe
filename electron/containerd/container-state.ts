// The one mapping from what containerd and CRI report to the state a user
// sees. A CRI container takes CRI's state (created, running, exited, unknown)
// with its exit code and time, whether or not containerd still holds its task;
// any other container takes its task's state, or "no-task".
import type { ContainerStatus } from '../../shared/dto/containerd';
import type { CriContainerStatus } from './cri-status';
import { timestampToIso, type ProcessRecord, type ProcessStatus } from './messages';

export interface ContainerState {
  status: ContainerStatus;
  exitCode: number | null;
  exitedAt: string | null;
  statusSource: 'cri' | 'task';
}

/** A task's status in the user's words (also what after-check.ts reports). */
export const FROM_TASK: Record<ProcessStatus, Exclude<ContainerStatus, 'exited' | 'no-task'>> = {
  UNKNOWN: 'unknown',
  CREATED: 'created',
  RUNNING: 'running',
  STOPPED: 'stopped',
  PAUSED: 'paused',
  PAUSING: 'pausing',
};

const nsToIso = (ns: number): string | null => (ns > 0 ? new Date(Math.floor(ns / 1e6)).toISOString() : null);

function fromTask(task: ProcessRecord | null | undefined): ContainerState {
  if (!task) return { status: 'no-task', exitCode: null, exitedAt: null, statusSource: 'task' };
  const status = FROM_TASK[task.status] ?? 'unknown';
  const stopped = status === 'stopped';
  return {
    status,
    exitCode: stopped ? task.exit_status : null,
    exitedAt: stopped ? timestampToIso(task.exited_at) : null,
    statusSource: 'task',
  };
}

function fromCri(cri: CriContainerStatus, task: ProcessRecord | null | undefined): ContainerState {
  const taskStatus = task ? FROM_TASK[task.status] : null;
  switch (cri.state) {
    case 'CONTAINER_RUNNING':
      // CRI has no paused state; a frozen task is what the user must see.
      return {
        status: taskStatus === 'paused' || taskStatus === 'pausing' ? taskStatus : 'running',
        exitCode: null,
        exitedAt: null,
        statusSource: 'cri',
      };
    case 'CONTAINER_EXITED':
      return { status: 'exited', exitCode: cri.exitCode, exitedAt: nsToIso(cri.finishedAt), statusSource: 'cri' };
    case 'CONTAINER_CREATED':
      // containerd 1.7 can report CREATED for a container that ran and exited:
      // a start time, or a stopped task, says it ran.
      if (cri.startedAt > 0 || taskStatus === 'stopped') {
        const exitCode = cri.exitCode ?? (taskStatus === 'stopped' ? task!.exit_status : null);
        const exitedAt = nsToIso(cri.finishedAt) ?? (taskStatus === 'stopped' ? timestampToIso(task!.exited_at) : null);
        return { status: 'exited', exitCode, exitedAt, statusSource: 'cri' };
      }
      return { status: 'created', exitCode: null, exitedAt: null, statusSource: 'cri' };
    default:
      return { status: 'unknown', exitCode: null, exitedAt: null, statusSource: 'cri' };
  }
}

export function containerState(
  task: ProcessRecord | null | undefined,
  cri: CriContainerStatus | null | undefined,
): ContainerState {
  return cri ? fromCri(cri, task) : fromTask(task);
}

/** A state whose processes exist (and so have pids, and can be checkpointed or resumed). */
export const isLive = (status: ContainerStatus): boolean =>
  status === 'running' || status === 'paused' || status === 'pausing';
