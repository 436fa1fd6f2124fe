// CRI's own view of its containers (RuntimeService.ListContainers and
// ContainerStatus): the state a Kubernetes user sees, with exit code and
// times. containerd's CRI plugin deletes an exited container's task soon after
// the exit, so the task alone cannot tell "exited" from "never started".
import { isAppError } from '../../shared/errors';
import type { Rpc } from './rpc';

export type CriState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

export interface CriContainerStatus {
  state: CriState;
  /** ns since the epoch; 0 when unset */
  startedAt: number;
  finishedAt: number;
  exitCode: number | null;
  reason: string | null;
}

interface ListResponse {
  containers: { id: string; state: CriState }[];
}
interface StatusResponse {
  status: {
    state: CriState;
    started_at: number;
    finished_at: number;
    exit_code: number;
    reason: string;
  } | null;
}

/** Status calls at once: bounded, so a host with thousands of exited containers is not flooded. */
const STATUS_CONCURRENCY = 8;

/**
 * Every CRI container's status by id, or null when this containerd serves no
 * CRI (plugin disabled, or a runtime that is not containerd). Only containers
 * not running need ContainerStatus (their exit code and times).
 */
export async function criStatuses(rpc: Rpc): Promise<Map<string, CriContainerStatus> | null> {
  let list: ListResponse;
  try {
    list = await rpc.unary<ListResponse>('cri', 'ListContainers', {});
  } catch (error) {
    if (isAppError(error) && (error.code === 'CONTAINERD_TOO_OLD' || error.code === 'NOT_FOUND')) return null;
    throw error;
  }
  const out = new Map<string, CriContainerStatus>();
  const detailed: string[] = [];
  for (const c of list.containers) {
    out.set(c.id, { state: c.state, startedAt: 0, finishedAt: 0, exitCode: null, reason: null });
    if (c.state !== 'CONTAINER_RUNNING') detailed.push(c.id);
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < detailed.length) {
      const id = detailed[next++]!;
      try {
        const res = await rpc.unary<StatusResponse>('cri', 'ContainerStatus', { container_id: id });
        const s = res.status;
        if (!s) continue;
        out.set(id, {
          state: s.state,
          startedAt: Number(s.started_at) || 0,
          finishedAt: Number(s.finished_at) || 0,
          exitCode: Number(s.finished_at) > 0 ? s.exit_code : null,
          reason: s.reason || null,
        });
      } catch (error) {
        // Removed between the list and the status call: the list's state stands.
        if (!(isAppError(error) && error.code === 'NOT_FOUND')) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(STATUS_CONCURRENCY, detailed.length) }, worker));
  return out;
}
